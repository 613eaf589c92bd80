#!/usr/bin/env bash
# JMH micro-benchmarks of the hot paths of a composite request (src/jmh, Maven profile jmh): upstream JSON parsing
# and response assembly, about 4 minutes on 2 cores. Prints JMH's table and writes bench/jmh.md. See bench/README.md.
# Optional: a regex of the benchmarks to run, e.g. `bench/jmh.sh Parsing`; BENCH_JAVA=/path/to/java.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
source "$ROOT/bench/java.sh"

rm -f target/jmh-result.json
./mvnw -B -q -Pjmh test-compile exec:exec -Djmh.java="$JAVA" ${1:+-Djmh.include="$1"}
python3 "$ROOT/bench/jmh_report.py" target/jmh-result.json > "$ROOT/bench/jmh.md"
echo "== wrote bench/jmh.md"
