#!/usr/bin/env bash
# Prism benchmark: one command, loopback only, about 5 minutes on 2 cores. Writes bench/results.md and
# bench/latency.svg. Installs wrk and nginx from Debian when missing. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/out"
rm -rf "$OUT" && mkdir -p "$OUT"
source "$ROOT/bench/common.sh"

JAR=$(ls target/prism-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$JAR" ]; then
  ./mvnw -B -q -DskipTests package
  JAR=$(ls target/prism-*.jar | grep -v original | head -1)
fi

demo_upstreams() { # port latency
  "$JAVA" -cp "$JAR" -Dloader.main=dev.prism.demo.DemoUpstreamsApplication \
    org.springframework.boot.loader.launch.PropertiesLauncher --port="$1" --latency="$2" > "$OUT/demo-$1.log" 2>&1 &
  pids+=($!); DEMO_PID[$1]=$!
  wait_http "http://127.0.0.1:$1/__admin/stats"
}

# Prism against given upstream base URLs; caches off so every composite really waits for its upstreams.
start_prism() { # port inventory-base-url other-base-url-prefix extra-args...
  local port=$1 inventory=$2 others=$3; shift 3
  local args=(--server.port="$port" --prism.demo.upstreams.enabled=false
    --prism.partner.clients.acme.requests-per-minute=1000000000
    --prism.web.max-concurrent-requests=2048 --prism.mobile.max-concurrent-requests=2048
    --prism.partner.max-concurrent-requests=2048
    --logging.level.prism.access=warn)   # no console line per request: its cost (README) is the log sink's
  for s in catalog pricing reviews recommendations customers orders; do
    args+=(--prism.upstreams.$s.base-url="$others/$s" --prism.upstreams.$s.cache.ttl=0s
      --prism.upstreams.$s.bulkhead.max-concurrent-calls=2048 --prism.upstreams.$s.max-connections-per-route=512)
  done
  args+=(--prism.upstreams.inventory.base-url="$inventory" --prism.upstreams.inventory.cache.ttl=0s
    --prism.upstreams.inventory.bulkhead.max-concurrent-calls=2048 --prism.upstreams.inventory.max-connections-per-route=512)
  local started=$(date +%s%N)
  "$JAVA" $PRISM_JVM_OPTS "$@" -jar "$JAR" "${args[@]}" > "$OUT/prism-$port.log" 2>&1 &
  PRISM_PID=$!; pids+=($PRISM_PID)
  wait_http "http://127.0.0.1:$port/actuator/health/readiness"
  READY_MS=$(( ($(date +%s%N) - started) / 1000000 ))
}

declare -A DEMO_PID
echo "== starting upstreams: demo (20 ms per call), demo (no latency), nginx (static JSON)"
demo_upstreams 9101 20ms
demo_upstreams 9102 0ms
start_nginx 9200

echo "== Prism against 20 ms upstreams ($JAVA)"
start_prism 8091 "http://127.0.0.1:9101/inventory" "http://127.0.0.1:9101"
PLAIN_READY=$READY_MS
TOKEN=$(curl -fsS -X POST http://127.0.0.1:8091/demo/mobile-token -H 'Content-Type: application/json' \
  -d '{"customerId":"c-1001"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')
MOBILE="http://127.0.0.1:8091/mobile/api/products/SKU-1001"
WEB="http://127.0.0.1:8091/web/api/products/SKU-1001"
echo "   warming up for $WARMUP"
wrk -t2 -c64 -d"$WARMUP" -H "Authorization: Bearer $TOKEN" "$MOBILE" > /dev/null
wrk -t2 -c64 -d"$WARMUP" "$WEB" > /dev/null
declare -A FAN
UPSTREAM_PIDS=${DEMO_PID[9101]}
for c in 1 16 64 256; do
  FAN[mobile,$c]=$(measure_cpu mobile-$c $c "$MOBILE" -H "Authorization: Bearer $TOKEN"); echo "   mobile c=$c: ${FAN[mobile,$c]}"
  FAN[web,$c]=$(measure_cpu web-$c $c "$WEB"); echo "   web    c=$c: ${FAN[web,$c]}"
done
curl -fsS "$WEB" | python3 -c 'import sys,json; d=json.load(sys.stdin); assert not d["degraded"], d["degraded"]'
kill $PRISM_PID; wait $PRISM_PID 2>/dev/null || true

echo "== Prism in front of nginx (overhead, throughput, memory)"
start_prism 8092 "http://127.0.0.1:9200/inventory" "http://127.0.0.1:9102"
PARTNER="http://127.0.0.1:8092/partner/api/v1/availability?skus=SKU-1001"
DIRECT="http://127.0.0.1:9200/inventory/availability?skus=SKU-1001"
wrk -t2 -c64 -d"$WARMUP" -H 'X-Api-Key: acme-demo-key' "$PARTNER" > /dev/null
UPSTREAM_PIDS=$NGINX_PIDS
OVER_PRISM=$(measure_cpu partner-16 16 "$PARTNER" -H 'X-Api-Key: acme-demo-key'); echo "   prism  c=16: $OVER_PRISM"
OVER_DIRECT=$(measure 16 "$DIRECT"); echo "   direct c=16: $OVER_DIRECT"
THR_PRISM=$(measure_cpu partner-64 64 "$PARTNER" -H 'X-Api-Key: acme-demo-key'); echo "   prism  c=64: $THR_PRISM"
THR_DIRECT=$(measure 64 "$DIRECT"); echo "   direct c=64: $THR_DIRECT"
RSS_KB=$(ps -o rss= -p $PRISM_PID | tr -d ' ')
kill $PRISM_PID; wait $PRISM_PID 2>/dev/null || true

echo "== start-up with the JDK's AOT cache (Java 25+)"
AOT_READY=""
if "$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q AOTCacheOutput; then
  rm -rf "$OUT/extracted" && "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$OUT/extracted" > /dev/null
  APP="$OUT/extracted/$(basename "$JAR")"
  "$JAVA" $PRISM_JVM_OPTS -XX:AOTCacheOutput="$OUT/prism.aot" -Dspring.context.exit=onRefresh -jar "$APP" \
    --prism.demo.upstreams.enabled=false --server.port=0 \
    $(for s in catalog pricing inventory reviews recommendations customers orders; do echo --prism.upstreams.$s.base-url=http://127.0.0.1:9102/$s; done) \
    > "$OUT/aot-training.log" 2>&1 || true
  if [ -f "$OUT/prism.aot" ]; then
    JAR="$APP" start_prism 8093 "http://127.0.0.1:9102/inventory" "http://127.0.0.1:9102" -XX:AOTCache="$OUT/prism.aot"
    AOT_READY=$READY_MS
    kill $PRISM_PID; wait $PRISM_PID 2>/dev/null || true
    JAR="$APP" start_prism 8094 "http://127.0.0.1:9102/inventory" "http://127.0.0.1:9102"
    PLAIN_READY=$READY_MS
    kill $PRISM_PID; wait $PRISM_PID 2>/dev/null || true
  fi
fi

BENCH_POINT="$DURATION" BENCH_WARM="$WARMUP" BENCH_CPU="$OUT/cpu.txt" python3 "$ROOT/bench/report.py" "$ROOT/bench" "$("$JAVA" -version 2>&1 | head -1)" "$PLAIN_READY" "${AOT_READY:-n/a}" "$RSS_KB" \
  "${FAN[mobile,1]}" "${FAN[mobile,16]}" "${FAN[mobile,64]}" "${FAN[mobile,256]}" \
  "${FAN[web,1]}" "${FAN[web,16]}" "${FAN[web,64]}" "${FAN[web,256]}" \
  "$OVER_PRISM" "$OVER_DIRECT" "$THR_PRISM" "$THR_DIRECT"
echo "== wrote bench/results.md and bench/latency.svg"
