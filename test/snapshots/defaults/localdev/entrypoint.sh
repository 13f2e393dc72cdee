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
    exec /usr/local/bin/aws-lambda-rie /var/runtime/bootstrap "$@"
fi
exec /var/runtime/bootstrap "$@"
