#!/usr/bin/env bash
# Our grep and glob on a warm in-process host against rg and fdfind on the JDK's sources.
#   bench/search-vs-native.sh [RUNS] [CASE-FILTER]        (expects the bench jar built by bench/run.sh)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus_script="$here/../shared/scripts/jdk-corpus.sh"
[ -x "$corpus_script" ] || corpus_script=$(ls /work/shared/scripts/jdk-corpus.sh 2>/dev/null || true)
[ -n "$corpus_script" ] || { echo "needs shared/scripts/jdk-corpus.sh beside the project" >&2; exit 1; }
for tool in rg fdfind; do command -v $tool >/dev/null || { echo "needs $tool: apt-get install ripgrep fd-find" >&2; exit 1; }; done
corpus=$(bash "$corpus_script" | tail -1)
echo "host JVM options (config/jvm.options): $(sed -e 's/#.*//' "$here/config/jvm.options" | xargs) ${TUNACODE_JAVA_OPTS:-}"
echo "corpus: $corpus ($(find "$corpus" -type f | wc -l) files, $(du -sh "$corpus" | cut -f1))"
# Warm the page cache, as the comparison is of warm searches.
rg -c --no-require-git zzzz_warm_up "$corpus" >/dev/null 2>&1 || true
"$here/bench/java.sh" -cp "$here/bench/target/tunacode-bench.jar" dev.tunacode.bench.SearchVsNative "$corpus" "${1:-15}" ${2:+"$2"}
