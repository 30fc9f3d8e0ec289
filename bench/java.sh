#!/usr/bin/env bash
# Runs java with the host's own JVM options (config/jvm.options), so that a benchmark's in-process host
# runs as ./tunahost runs it. JMH's forks inherit them.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck disable=SC2046
exec java $(sed -e 's/#.*//' "$here/config/jvm.options" | xargs) ${TUNACODE_JAVA_OPTS:-} "$@"
