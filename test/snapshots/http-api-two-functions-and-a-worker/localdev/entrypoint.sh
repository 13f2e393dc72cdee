#!/bin/sh
# Starts the function as Lambda does. Real Lambda sets AWS_LAMBDA_RUNTIME_API
# and the bootstrap talks to it directly; locally nothing sets it, so RIE
# stands in for the Runtime API and runs the bootstrap itself.
set -eu

if [ -z "${AWS_LAMBDA_RUNTIME_API:-}" ]; then
    # Compose mounts each of the function's secrets as a file in /run/secrets;
    # Lambda gives them as environment variables, so export each by its name.
    # Set here, at run time, a value shows in neither docker inspect nor the image.
    for file in /run/secrets/*; do
        [ -f "$file" ] || continue
        name=${file##*/}
        case $name in
            '' | [0-9]* | *[!A-Z0-9_]*) continue ;;
        esac
        # $(...) drops trailing newlines; the x keeps the value exactly as it is.
        value=$(cat "$file" && printf x)
        export "$name=${value%x}"
    done
    # RIE runs as this shell's child, not in its place, so that `make build`
    # puts new code in front of it in milliseconds instead of a container
    # restart: SIGHUP (docker kill --signal HUP, which reload.sh sends once the
    # emulator holds requests and nothing runs, or when no emulator answers)
    # stops RIE, which kills the bootstrap it started, and the loop starts a
    # fresh RIE, which starts the new bootstrap on the next invocation.
    rie=
    reloading=no
    stopping=no
    trap 'reloading=yes; kill -TERM "$rie" 2>/dev/null || true' HUP
    trap 'stopping=yes; kill -TERM "$rie" 2>/dev/null || true' TERM INT
    while :; do
        # A stop that came while no RIE ran (at the start, between two) ends here.
        if [ "$stopping" = yes ]; then exit 143; fi
        /usr/local/bin/aws-lambda-rie /var/runtime/bootstrap "$@" &
        rie=$!
        if [ "$stopping" = yes ]; then kill -TERM "$rie" 2>/dev/null || true; fi
        # A trapped signal ends wait early, RIE maybe still running: wait until it has exited.
        status=0
        while kill -0 "$rie" 2>/dev/null; do
            wait "$rie" && status=0 || status=$?
        done
        # Stopped (docker stop), or ended by itself (a crash): the container ends
        # with RIE's status (or wait's, for a signal), and compose's restart
        # policy decides what follows.
        if [ "$stopping" = yes ] || [ "$reloading" = no ]; then exit "$status"; fi
        reloading=no
    done
fi
exec /var/runtime/bootstrap "$@"
