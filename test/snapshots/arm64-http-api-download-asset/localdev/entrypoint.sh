#!/bin/sh
# Starts the function as Lambda does. Real Lambda sets AWS_LAMBDA_RUNTIME_API
# and the bootstrap talks to it directly; locally nothing sets it, so RIE
# stands in for the Runtime API and runs the bootstrap itself.
set -eu

if [ -z "${AWS_LAMBDA_RUNTIME_API:-}" ]; then
    exec /usr/local/bin/aws-lambda-rie /var/runtime/bootstrap "$@"
fi
exec /var/runtime/bootstrap "$@"
