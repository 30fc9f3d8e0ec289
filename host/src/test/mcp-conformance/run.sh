#!/usr/bin/env bash
# Runs the MCP conformance tool (@modelcontextprotocol/conformance, pinned in package.json) against a host
# started here on an empty workspace, for each scenario in scenarios.txt. Needs host/target/tunacode-host.jar
# (mvn verify builds it) and npm. Exits non-zero when a scenario fails.
#   host/src/test/mcp-conformance/run.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
jar="$repo/host/target/tunacode-host.jar"
[ -f "$jar" ] || { echo "run.sh: $jar is missing; build it with mvn -B -DskipTests package -pl host -am" >&2; exit 2; }

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

work=$(mktemp -d)
token=conformance-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
java -jar "$jar" serve --workspace "$work" --plugins "$work/plugins" --port 0 --token "$token" >"$work/serve.out" 2>"$work/serve.err" &
host=$!
trap 'kill $host 2>/dev/null; wait $host 2>/dev/null || true; rm -rf "$work"' EXIT

# The start line names the URL once the host listens.
for _ in $(seq 1 600); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/serve.out" 2>/dev/null | head -1 || true)
  [ -n "$url" ] && break
  kill -0 $host 2>/dev/null || { cat "$work/serve.err" >&2; echo "run.sh: the host did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "run.sh: the host did not print its URL within 60 s" >&2; exit 1; }
echo "run.sh: host at ${url}mcp"

failed=()
while read -r scenario; do
  case "$scenario" in ''|'#'*) continue ;; esac
  log="$work/$scenario.log"
  # The token goes in the query: the tool sets no headers of its own.
  if (cd "$here" && NODE_OPTIONS="--import $here/globsync.mjs" ./node_modules/.bin/conformance server \
      --url "${url}mcp?token=$token" --scenario "$scenario" >"$log" 2>&1) \
      && grep -qE 'Passed: [1-9][0-9]*/' "$log"; then
    echo "passed  $scenario: $(grep -oE 'Passed: [0-9]+/[0-9]+, [0-9]+ failed, [0-9]+ warnings' "$log")"
  else
    echo "FAILED  $scenario"
    sed 's/^/    /' "$log"
    failed+=("$scenario")
  fi
done < "$here/scenarios.txt"

if [ ${#failed[@]} -gt 0 ]; then
  echo "run.sh: failed: ${failed[*]}" >&2
  exit 1
fi
echo "run.sh: every scenario passed"
