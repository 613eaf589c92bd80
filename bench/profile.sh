#!/usr/bin/env bash
# Where Prism's CPU goes per request: bench/profile.sh [REV_OR_JAR...] (default: the jar in target/).
# Each build serves the partner availability and the mobile product page under wrk, against the same upstreams as
# bench/compare.sh, after the same warm-up; async-profiler 4.1 (from Maven Central, loaded through the JDK's attach
# mechanism) samples the Prism process during each measured load. Writes, per build and load, a flame graph
# (bench/out/profile/<label>-<load>.html), collapsed stacks (.collapsed), and bench/out/profile/summary.md: CPU per
# request and the share of samples by layer (Tomcat, Spring Security, Jackson, HttpClient, Prism's own code ...).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/out/profile"
rm -rf "$OUT" && mkdir -p "$OUT"
source "$ROOT/bench/common.sh"
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-25s}
PROFILER_VERSION=4.1
EVENT=${BENCH_PROFILE_EVENT:-itimer}   # cpu needs perf_event_paranoid <= 1; itimer works everywhere

lib="$HOME/.m2/repository/tools/profiler/async-profiler/$PROFILER_VERSION/async-profiler-$PROFILER_VERSION.jar"
[ -f "$lib" ] || "$ROOT/mvnw" -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$PROFILER_VERSION
mkdir -p "$OUT/async-profiler" && (cd "$OUT/async-profiler" && unzip -o -q "$lib" 'linux-x64/*')
AGENT="$OUT/async-profiler/linux-x64/libasyncProfiler.so"
JCMD="$(dirname "$JAVA")/jcmd"

[ $# -gt 0 ] || set -- "$(ls "$ROOT"/target/prism-*.jar | grep -v original | head -1)"
labels=(); jars=()
for arg in "$@"; do
  if [[ "$arg" == *.jar ]]; then
    labels+=("$(basename "$arg" .jar)"); jars+=("$(realpath "$arg")"); continue
  fi
  rev=$(git rev-parse --short "$arg"); tree="$OUT/build-$rev"
  echo "== building $arg ($rev)"
  git worktree add -q --detach "$tree" "$rev"
  (cd "$tree" && ./mvnw -B -q -DskipTests package > "$OUT/build-$rev.log" 2>&1)
  cp "$(ls "$tree"/target/prism-*.jar | grep -v original | head -1)" "$OUT/$rev.jar"
  git worktree remove --force "$tree"
  labels+=("$rev"); jars+=("$OUT/$rev.jar")
done

start_nginx 9200
"$JAVA" -cp "${jars[0]}" -Dloader.main=dev.prism.demo.DemoUpstreamsApplication \
  org.springframework.boot.loader.launch.PropertiesLauncher --port=9101 --latency=20ms > "$OUT/demo.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:9101/__admin/stats"

PARTNER="http://127.0.0.1:8095/partner/api/v1/availability?skus=SKU-1001"
MOBILE="http://127.0.0.1:8095/mobile/api/products/SKU-1001"

# One async-profiler command to a running JVM. jcmd would split an unquoted option at its '=' signs.
agent() { # pid command
  "$JCMD" "$1" JVMTI.agent_load "$AGENT" "\"$2\"" | grep -q 'return code: 0' || { echo "async-profiler refused: $2" >&2; return 1; }
}

profiled() { # pid label load connections url header
  local pid=$1 file="$OUT/$2-$3" before after
  agent "$pid" "start,event=$EVENT,interval=1ms"
  before=$(cpu_ticks "$pid")
  wrk -t2 -c"$4" -d"$DURATION" --latency -H "$6" "$5" > "$OUT/wrk.txt" 2>&1
  after=$(cpu_ticks "$pid")
  agent "$pid" "dump,file=$file.collapsed,collapsed"
  agent "$pid" "stop,file=$file.html"
  python3 - "$before" "$after" "$ticks_per_second" "${DURATION%s}" "$ROOT/bench/wrk_summary.py" "$OUT/wrk.txt" <<'PY'
import subprocess, sys
before, after, hz, seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
p50, p99, rps, errors = subprocess.run([sys.executable, sys.argv[5]], stdin=open(sys.argv[6]), capture_output=True,
                                       text=True, check=True).stdout.split()
if int(errors):
    sys.exit(f"{errors} answers were not 2xx")
print(f"{(after - before) / hz * 1e6 / (float(rps) * seconds):.0f}")
PY
}

: > "$OUT/figures.txt"
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
  "$JAVA" $PRISM_JVM_OPTS -XX:+EnableDynamicAgentLoading -jar "${jars[$i]}" "${args[@]}" > "$OUT/prism-$i.log" 2>&1 &
  pid=$!; pids+=($pid)
  wait_http "http://127.0.0.1:8095/actuator/health/readiness"
  token=$(curl -fsS -X POST http://127.0.0.1:8095/demo/mobile-token -H 'Content-Type: application/json' \
    -d '{"customerId":"c-1001"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')
  wrk -t2 -c64 -d"$WARMUP" -H 'X-Api-Key: acme-demo-key' "$PARTNER" > /dev/null
  wrk -t2 -c64 -d"$WARMUP" -H "Authorization: Bearer $token" "$MOBILE" > /dev/null
  partner=$(profiled $pid "${labels[$i]}" partner 16 "$PARTNER" 'X-Api-Key: acme-demo-key')
  mobile=$(profiled $pid "${labels[$i]}" mobile 64 "$MOBILE" "Authorization: Bearer $token")
  echo "   ${labels[$i]}: partner $partner µs/request | mobile $mobile µs/page"
  echo "${labels[$i]} $partner $mobile" >> "$OUT/figures.txt"
  kill $pid; wait $pid 2>/dev/null || true
done

python3 "$ROOT/bench/profile_report.py" "$OUT" | tee "$OUT/summary.md"
