#!/usr/bin/env bash
# Runs the benchmarks and prints each figure beside its baseline, measured in the same run.
#   bench/run.sh [all|scheduling|echo|search|bridge|sessions|cancel|trace|plugins|cluster|cache|index|mcp]     default: all
# The machine is shared and noisy: every figure is a median over repeated runs.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
what=${1:-all}
cd "$here"
echo "building the benchmark jar…" >&2
mvn -B -q -DskipTests package -pl bench,tools-plugins/examples -am >/tmp/tunacode-bench-build.log 2>&1 || { cat /tmp/tunacode-bench-build.log >&2; exit 1; }
jar=bench/target/tunacode-bench.jar
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%d)"
echo "host JVM options (config/jvm.options): $(sed -e 's/#.*//' config/jvm.options | xargs)"
case "$what" in
  all|scheduling)
    echo; echo "== scheduling: sleep batches, sequential (maxParallel=1) vs parallel =="
    bench/java.sh -cp "$jar" dev.tunacode.bench.SchedulingBench ;;&
  all|echo)
    echo; echo "== echo through the coordinator, in-process (JMH) =="
    bench/java.sh -cp "$jar" dev.tunacode.bench.EchoReport 2>&1 | grep -vE '^(# |Iteration|$)' | tail -n 30 ;;&
  all|search)
    echo; echo "== search: our grep and glob vs ripgrep and fd =="
    bench/search-vs-native.sh ;;&
  all|bridge)
    echo; echo "== the event-bus bridge over a raw WebSocket: ours vs a bare Vert.x bridge =="
    bench/java.sh -cp "$jar" dev.tunacode.bench.BridgeBench 2>&1 | grep -v ' WARN ' ;;&
  all|sessions)
    echo; echo "== sessions: single calls of one session vs one batch; fairness between sessions =="
    bench/java.sh -cp "$jar" dev.tunacode.bench.SessionBench ;;&
  all|cancel)
    echo; echo "== cancelling a running command with 20 children =="
    bench/java.sh -cp "$jar" dev.tunacode.bench.CancelBench 2>&1 | grep -v ' WARN ' ;;&
  all|trace)
    echo; echo "== an agent's trace replayed three ways over the bridge =="
    corpus=$(bash "$here/../shared/scripts/jdk-corpus.sh" | tail -1)
    bench/java.sh -cp "$jar" dev.tunacode.bench.TraceBench "$here/../shared/traces/agent-session.json" "$corpus" 2>&1 | grep -v ' WARN ' ;;&
  all|plugins)
    echo; echo "== drop-in plugins on a tunahost serve process, over its bridge =="
    bench/java.sh -cp "$jar" dev.tunacode.bench.PluginBench host/target/tunacode-host.jar tools-plugins/examples/target/tunacode-example-tools.jar 2>&1 \
      | grep -v ' WARN ' ;;&
  all|cluster)
    echo; echo "== a gateway here and a worker in another JVM, one Hazelcast cluster on loopback =="
    bench/java.sh -cp "$jar" dev.tunacode.bench.ClusterBench tools-plugins/examples/target/tunacode-example-tools.jar 2>/dev/null ;;&
  all|cache)
    echo; echo "== the result cache: a hit's cost (JMH), a batch of reads run again, a grep repeated vs ripgrep =="
    bench/java.sh -cp "$jar" dev.tunacode.bench.CacheHitReport 2>&1 | grep -vE '^(# |Iteration|$)' | grep -v ' WARN ' | tail -n 30
    corpus=$(bash "$here/../shared/scripts/jdk-corpus.sh" | tail -1)
    bench/java.sh -cp "$jar" dev.tunacode.bench.CacheBench "$corpus" 2>&1 | grep -v ' WARN ' ;;&
  all|index)
    echo; echo "== the content index (issue 15): build from cold, memory, narrowing; grep through it; vs ripgrep =="
    corpus=$(bash "$here/../shared/scripts/jdk-corpus.sh" | tail -1)
    bench/java.sh -cp "$jar" dev.tunacode.tools.builtin.search.IndexBench "$corpus"
    bench/java.sh -cp "$jar" dev.tunacode.bench.IndexedGrepBench "$corpus" 2>&1 | grep -v ' INFO ' ;;&
  all|mcp)
    echo; echo "== MCP: ours over stdio and Streamable HTTP vs the reference filesystem server over stdio =="
    (cd bench/mcp-reference && npm ci --no-audit --no-fund --loglevel=error)
    corpus=$(bash "$here/../shared/scripts/jdk-corpus.sh" | tail -1)
    bench/java.sh -cp "$jar" dev.tunacode.bench.McpBench "$corpus" host/target/tunacode-host.jar \
      bench/mcp-reference/node_modules/.bin/mcp-server-filesystem 2>/dev/null ;;
  all|scheduling|echo|search|bridge|sessions|cancel|trace|plugins|cluster|cache|index) ;;
  *) echo "usage: bench/run.sh [all|scheduling|echo|search|bridge|sessions|cancel|trace|plugins|cluster|cache|index|mcp]" >&2; exit 2 ;;
esac
