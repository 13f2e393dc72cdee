#!/usr/bin/env bash
# Docker Compose and buildx, built from their Go modules through the Go module
# proxy (no release binary can be downloaded here) and installed where the
# Docker CLI finds plugins. Compose v5 hands every build to buildx's bake, and
# falls back to the classic builder without it, which cannot build the
# generated Dockerfile (no TARGETARCH, no BuildKit secrets); so both.
#
# Pinned: Compose v5.7 needs a newer Go than 1.26. Each binary is kept in a
# cache folder by name and version, so a machine builds it once.
set -euo pipefail

compose_version=v5.6.0
buildx_version=v0.38.2
plugins=${DOCKER_CLI_PLUGINS:-/usr/local/lib/docker/cli-plugins}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/generator-lambda-local-ci

# build NAME MODULE VERSION PACKAGE LDFLAGS: the module as the main module (its
# go.mod has exclude and replace lines, which `go install pkg@version` refuses),
# into $cache/NAME-VERSION.
build() {
  local name=$1 module=$2 version=$3 package=$4 ldflags=$5
  local binary="$cache/$name-$version"
  if [ ! -x "$binary" ]; then
    echo "building $name $version from the Go module proxy (once per machine)"
    local dir source
    dir=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -n "$dir" ] || { echo "go mod download $module@$version gave no folder" >&2; return 1; }
    source=$(mktemp -d)
    cp -R "$dir/." "$source"
    chmod -R u+w "$source"
    mkdir -p "$cache"
    (cd "$source" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w $ldflags" -o "$binary.partial" "$package")
    mv "$binary.partial" "$binary"
    rm -rf "$source"
  fi
  mkdir -p "$plugins"
  install -m 0755 "$binary" "$plugins/$name"
}

build docker-compose github.com/docker/compose/v5 "$compose_version" ./cmd \
  "-X github.com/docker/compose/v5/internal.Version=$compose_version"
build docker-buildx github.com/docker/buildx "$buildx_version" ./cmd/buildx \
  "-X github.com/docker/buildx/version.Version=$buildx_version -X github.com/docker/buildx/version.Package=github.com/docker/buildx"
