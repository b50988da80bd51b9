#!/usr/bin/env bash
# In-process checker throughput (BenchmarkDotNet), on a corpus made by ../shared/bench/make-corpus.py.
#   bench/run-benchmarks.sh [CORPUS_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-/tmp/koho-corpus}
[ -f "$corpus/posts.jsonl" ] || python3 "$here/../../shared/bench/make-corpus.py" "$corpus" >/dev/null
export KOHO_BENCH_CORPUS=$(cd "$corpus" && pwd)
dotnet run -c Release --project "$here/Koho.Checks.Benchmarks" -- --artifacts "${KOHO_BENCH_ARTIFACTS:-/tmp/koho-bench-artifacts}" --filter "${KOHO_BENCH_FILTER:-*}" ${KOHO_BENCH_JOB:+--job $KOHO_BENCH_JOB}
