#!/bin/sh
# What make bump and make upgrade run: the newest generator-lambda-local to be
# had, the one on your PATH (npm link, a tarball install) or the one on the npm
# registry, saying which on standard error. With --offline among the options,
# or when npm does not answer, the one on your PATH.
# Usage: sh localdev/generator.sh bump|upgrade [options for the generator]
set -eu

target=${1:-}
[ "$#" -gt 0 ] && shift
case $target in
bump | upgrade) ;;
*)
	echo "usage: sh localdev/generator.sh bump|upgrade [options for the generator]" >&2
	exit 2
	;;
esac

# newer A B: whether version A is newer than version B (major.minor.patch; a
# pre-release is older than its release, and two of one release tie).
newer() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		split(a, x, "-"); split(b, y, "-"); split(x[1], p, "."); split(y[1], q, ".")
		for (i = 1; i <= 3; i++) if (p[i] + 0 != q[i] + 0) exit !(p[i] + 0 > q[i] + 0)
		exit !(index(a, "-") == 0 && index(b, "-") > 0)
	}'
}

on_path=$(generator-lambda-local --version 2>/dev/null) || on_path=
published=
case " $* " in
*" --offline "*) unasked="the npm registry was not asked (--offline)" maybe= ;;
*)
	published=$(npm view generator-lambda-local version --fetch-retries=0 --fetch-timeout=15000 2>/dev/null) || published=
	unasked="npm view generator-lambda-local version gave none (offline, or not published)" maybe=", so a newer one may exist"
	;;
esac

# bump is a command of the generator; upgrade is a re-run that takes every stored answer.
if [ "$target" = bump ]; then set -- bump "$@"; else set -- --yes "$@"; fi

if [ -n "$published" ] && { [ -z "$on_path" ] || newer "$published" "$on_path"; }; then
	echo "make $target: generator-lambda-local $published from the npm registry, the newest${on_path:+ (your PATH has $on_path)}" >&2
	exec npx --yes "generator-lambda-local@$published" "$@"
fi
if [ -n "$on_path" ]; then
	if [ -n "$published" ]; then
		echo "make $target: generator-lambda-local $on_path on your PATH, the newest (the npm registry has $published)" >&2
	else
		echo "make $target: generator-lambda-local $on_path on your PATH; $unasked$maybe" >&2
	fi
	exec generator-lambda-local "$@"
fi
echo "make $target: no generator-lambda-local on your PATH, and $unasked; install one (npm i -g generator-lambda-local) or run this online" >&2
exit 1
