#!/usr/bin/env bash
# Prism's CPU per request, build against build: bench/compare.sh REV_OR_JAR[::ARGS]... (default: HEAD~1 HEAD).
# Each argument is a git revision (built into a temporary worktree) or a jar, optionally followed by "::" and Prism
# arguments or JVM flags for that variant, space-separated (HEAD::--spring.threads.virtual.enabled=false,
# HEAD::-XX:+UseParallelGC): a configuration measured against the same build without it. A revision named twice is
# built once. Every build serves the same load in
# turn, ROUNDS times (BENCH_ROUNDS, default 2), interleaved so that the machine's drift hits all alike, and the
# figure compared is the CPU time the Prism process used per request — far steadier on a shared machine than
# throughput. Writes bench/compare.md. About 2.5 min per build and round, plus the builds. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/out/compare"
rm -rf "$OUT" && mkdir -p "$OUT"
source "$ROOT/bench/common.sh"
ROUNDS=${BENCH_ROUNDS:-2}
DURATION=${BENCH_DURATION:-10s}
# Twice: partner, then mobile load. With 2 x 25 s, C2 still took a quarter to a third of the measured CPU (async-profiler,
# bench/profile.sh), and a build with more code measured +30 % that was compilation; after 2 x 60 s it is ~5 %.
WARMUP=${BENCH_WARMUP:-60s}
[ $# -gt 0 ] || set -- HEAD~1 HEAD

labels=(); jars=(); jvm_extra=(); app_extra=()
for spec in "$@"; do
  arg=${spec%%::*}; extra=""
  [[ "$spec" == *::* ]] && extra=${spec#*::}
  jvm=""; app=""
  for word in $extra; do
    if [[ "$word" == -X* || "$word" == -D* ]]; then jvm+=" $word"; else app+=" $word"; fi
  done
  jvm_extra+=("$jvm"); app_extra+=("$app")
  if [[ "$arg" == *.jar ]]; then
    labels+=("$(basename "$arg" .jar)${extra:+ $extra}"); jars+=("$(realpath "$arg")")
    continue
  fi
  rev=$(git rev-parse --short "$arg")
  if [ ! -f "$OUT/$rev.jar" ]; then
    tree="$OUT/build-$rev"
    echo "== building $arg ($rev)"
    git worktree add -q --detach "$tree" "$rev"
    (cd "$tree" && ./mvnw -B -q -DskipTests package > "$OUT/build-$rev.log" 2>&1)
    cp "$(ls "$tree"/target/prism-*.jar | grep -v original | head -1)" "$OUT/$rev.jar"
    git worktree remove --force "$tree"
  fi
  labels+=("$arg ($rev)${extra:+ $extra}"); jars+=("$OUT/$rev.jar")
done

# The same upstreams for every build: nginx for availability, demo upstreams with 20 ms per call for the rest.
start_nginx 9200
"$JAVA" -cp "${jars[0]}" -Dloader.main=dev.prism.demo.DemoUpstreamsApplication \
  org.springframework.boot.loader.launch.PropertiesLauncher --port=9101 --latency=20ms > "$OUT/demo.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:9101/__admin/stats"

# Prints "cpu_us_per_request rps p50_ms jit_us_per_request" for one measured load.
per_request() { # pid connections url header
  local pid=$1 c=$2 url=$3 header=$4 before after jit_before jit_after
  before=$(cpu_ticks "$pid"); jit_before=$(jit_ticks "$pid")
  wrk -t2 -c"$c" -d"$DURATION" --latency -H "$header" "$url" > "$OUT/wrk.txt" 2>&1
  after=$(cpu_ticks "$pid"); jit_after=$(jit_ticks "$pid")
  python3 - "$before" "$after" "$ticks_per_second" "${DURATION%s}" "$ROOT/bench/wrk_summary.py" "$OUT/wrk.txt" \
    $(( jit_after - jit_before )) <<'PY'
import subprocess, sys
before, after, hz, seconds, jit = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[7])
p50, p99, rps, errors = subprocess.run([sys.executable, sys.argv[5]], stdin=open(sys.argv[6]), capture_output=True,
                                       text=True, check=True).stdout.split()
if int(errors):
    sys.exit(f"{errors} answers were not 2xx")
requests = float(rps) * seconds
print(f"{(after - before) / hz * 1e6 / requests:.0f} {float(rps):.0f} {p50} {jit / hz * 1e6 / requests:.0f}")
PY
}

PARTNER="http://127.0.0.1:8095/partner/api/v1/availability?skus=SKU-1001"
MOBILE="http://127.0.0.1:8095/mobile/api/products/SKU-1001"
: > "$OUT/figures.txt"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!jars[@]}"; do
    args=(--server.port=8095 --prism.demo.upstreams.enabled=false --prism.demo.identity-provider.enabled=false --logging.level.prism.access=warn
      --prism.partner.clients.acme.requests-per-minute=1000000000
      --prism.mobile.max-concurrent-requests=2048 --prism.partner.max-concurrent-requests=2048)
    for s in catalog pricing reviews recommendations customers orders; do
      args+=(--prism.upstreams.$s.base-url=http://127.0.0.1:9101/$s --prism.upstreams.$s.cache.ttl=0s
        --prism.upstreams.$s.bulkhead.max-concurrent-calls=2048 --prism.upstreams.$s.max-connections-per-route=512)
    done
    args+=(--prism.upstreams.inventory.base-url=http://127.0.0.1:9200/inventory --prism.upstreams.inventory.cache.ttl=0s
      --prism.upstreams.inventory.bulkhead.max-concurrent-calls=2048 --prism.upstreams.inventory.max-connections-per-route=512)
    # shellcheck disable=SC2086 # the variant's words, split on purpose
    "$JAVA" $PRISM_JVM_OPTS ${jvm_extra[$i]} -jar "${jars[$i]}" "${args[@]}" ${app_extra[$i]} > "$OUT/prism-$i-$round.log" 2>&1 &
    pid=$!; pids+=($pid)
    wait_http "http://127.0.0.1:8095/actuator/health/readiness"
    token=$(curl -fsS -X POST http://127.0.0.1:8095/demo/mobile-token -H 'Content-Type: application/json' \
      -d '{"customerId":"c-1001"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')
    wrk -t2 -c64 -d"$WARMUP" -H 'X-Api-Key: acme-demo-key' "$PARTNER" > /dev/null
    wrk -t2 -c64 -d"$WARMUP" -H "Authorization: Bearer $token" "$MOBILE" > /dev/null
    partner=$(per_request $pid 16 "$PARTNER" 'X-Api-Key: acme-demo-key')
    mobile=$(per_request $pid 64 "$MOBILE" "Authorization: Bearer $token")
    echo "   ${labels[$i]} round $round: partner $partner | mobile $mobile"
    echo "$i $partner $mobile" >> "$OUT/figures.txt"
    kill $pid; wait $pid 2>/dev/null || true
  done
done

python3 - "$OUT/figures.txt" "$ROOT/bench/compare.md" "$ROUNDS" "$("$JAVA" -version 2>&1 | head -1)" "${labels[@]}" <<'PY'
import statistics, sys, datetime
figures, target, rounds, java, labels = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
rows = {}
for line in open(figures):
    i, *values = line.split()
    rows.setdefault(int(i), []).append([float(v) for v in values])
med = lambda i, k: statistics.median(r[k] for r in rows[i])
spread = lambda i, k: (min(r[k] for r in rows[i]), max(r[k] for r in rows[i]))
out = [f"# CPU per request, build against build", "",
       f"Measured {datetime.date.today()} by `bench/compare.sh` ({java}): each build in turn, {rounds} rounds, the medians "
       "(range in brackets). CPU is the Prism process's user + system time divided by the requests it answered; JIT is "
       "the part of it the C1 and C2 compiler threads used — what is left of warm-up, which should be small.", "",
       "| build | partner availability: CPU µs / request | of it JIT | req/s @16 | mobile product: CPU µs / page | of it JIT | pages/s @64 |",
       "|---|---|---|---|---|---|---|"]
for i, label in enumerate(labels):
    a, b = spread(i, 0); c, d = spread(i, 4)
    out.append(f"| {label} | **{med(i, 0):.0f}** ({a:.0f}–{b:.0f}) | {med(i, 3):.0f} | {med(i, 1):.0f} "
               f"| **{med(i, 4):.0f}** ({c:.0f}–{d:.0f}) | {med(i, 7):.0f} | {med(i, 5):.0f} |")
open(target, "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
