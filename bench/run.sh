#!/usr/bin/env bash
# Runs the benchmarks and prints each figure beside its baseline, measured in the same run.
#   bench/run.sh [all|scheduling|echo|search|bridge]     default: all
# The machine is shared and noisy: every figure is a median over repeated runs.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
what=${1:-all}
cd "$here"
echo "building the benchmark jar…" >&2
mvn -B -q -DskipTests package -pl bench -am >/tmp/tunacode-bench-build.log 2>&1 || { cat /tmp/tunacode-bench-build.log >&2; exit 1; }
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
    bench/java.sh -cp "$jar" dev.tunacode.bench.BridgeBench 2>&1 | grep -v ' WARN ' ;;
  all|scheduling|echo|search) ;;
  *) echo "usage: bench/run.sh [all|scheduling|echo|search|bridge]" >&2; exit 2 ;;
esac
