#!/usr/bin/env bash
# Prism beside its peers, in one run on the same upstreams and load generator: a hand-written Node.js BFF
# (bench/peers/node: Fastify 5 + undici 7, a cluster of PEER_NODE_WORKERS processes, default 2) on all three endpoints,
# and Spring Cloud Gateway (bench/peers/gateway: WebFlux, Boot 4.0.7 + Spring Cloud 2025.1.4) as the pass-through floor
# of a JVM gateway on the partner endpoint. Checks first that the implementations give the same answers (and the
# same status and problem details for an invalid API key, a bad token, an unknown sku and an upstream timeout), then
# warms each up and measures req/s, p50, p99 and CPU per request at 16 and 64 connections in BENCH_ROUNDS interleaved
# rounds. Writes bench/peers.md. Installs what is missing (wrk, nginx, npm ci, the gateway's Maven build, Prism's jar
# when there is none). About 8 min of warm-up plus 3 x 2 x 3 x BENCH_DURATION per round. See bench/README.md, "Peers".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/out/peers"
rm -rf "$OUT" && mkdir -p "$OUT"
source "$ROOT/bench/common.sh"
DURATION=${BENCH_DURATION:-10s}
# Prism needs ~60 s of load per endpoint before C2 settles (see compare.sh); every implementation gets the same.
WARMUP=${BENCH_WARMUP:-60s}
ROUNDS=${BENCH_ROUNDS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16 64}
NODE_WORKERS=${PEER_NODE_WORKERS:-2}
fail() { echo "peers.sh: $*" >&2; exit 1; }
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

# --- what the run needs, installed when missing, or a loud failure ---
command -v node >/dev/null 2>&1 || fail "node (20.18.1 or later) is not installed"
command -v npm >/dev/null 2>&1 || fail "npm is not installed"
node -e 'const [a,b,c]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&(b>18||(b===18&&c>=1)))?0:1)' \
  || fail "node $(node --version) is older than 20.18.1 (undici 7 needs it)"
"$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q AOTCacheOutput \
  || fail "$JAVA has no AOT cache (-XX:AOTCacheOutput): Prism runs as deployed, on Java 25; set BENCH_JAVA"
JAR=${PRISM_JAR:-$(ls target/prism-*.jar 2>/dev/null | grep -v original | head -1 || true)}
if [ -z "$JAR" ]; then
  echo "== building Prism's jar"
  ./mvnw -B -q -DskipTests package
  JAR=$(ls target/prism-*.jar | grep -v original | head -1)
fi
[ -f "$JAR" ] || fail "no Prism jar at $JAR"
echo "== npm ci (bench/peers/node: fastify and undici as pinned by package-lock.json)"
(cd bench/peers/node && npm ci --no-audit --no-fund --loglevel=error > "$OUT/npm.log" 2>&1) \
  || fail "npm ci failed: $(tail -5 "$OUT/npm.log")"
GATEWAY_JAR=bench/peers/gateway/target/gateway-1.jar
if [ ! -f "$GATEWAY_JAR" ] || [ -n "$(find bench/peers/gateway/pom.xml bench/peers/gateway/src -newer "$GATEWAY_JAR" -type f)" ]; then
  echo "== building the gateway peer (Maven)"
  ./mvnw -B -q -f bench/peers/gateway/pom.xml -DskipTests package > "$OUT/gateway-build.log" 2>&1 \
    || fail "the gateway's build failed: $(tail -20 "$OUT/gateway-build.log")"
fi

# --- upstreams: nginx serving the availability document (and sending SKU-SLOW to the demo upstreams, for the timeout
# check), the demo upstreams with 20 ms per call for everything else. All three implementations use the same. ---
mkdir -p "$OUT/nginx"
cat > "$OUT/nginx/nginx.conf" <<NGINX
worker_processes 1;
error_log $OUT/nginx/error.log;
pid $OUT/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:9200;
    location /inventory/availability {
      default_type application/json;
      set \$slow 0;
      if (\$arg_skus = "SKU-SLOW") { set \$slow 1; }
      if (\$slow = 1) { proxy_pass http://127.0.0.1:9101; }
      if (\$slow = 0) { return 200 '{"items":[{"sku":"SKU-1001","status":"IN_STOCK","quantity":12}]}'; }
    }
  }
}
NGINX
"$NGINX" -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx" -g 'daemon off;' > "$OUT/nginx/out.log" 2>&1 &
pids+=($!)
NGINX_MASTER=$!
"$JAVA" -cp "$JAR" -Dloader.main=dev.prism.demo.DemoUpstreamsApplication \
  org.springframework.boot.loader.launch.PropertiesLauncher --port=9101 --latency=20ms > "$OUT/demo.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:9101/__admin/stats"
wait_http "http://127.0.0.1:9200/inventory/availability?skus=SKU-1001"
[ -n "$(pgrep -P "$NGINX_MASTER" || true)" ] || fail "nginx did not start on port 9200: $(cat "$OUT/nginx/error.log")"

INVENTORY=http://127.0.0.1:9200/inventory
OTHERS=http://127.0.0.1:9101
UPSTREAM_TOKEN=bench-static-upstream-token   # static upstream credentials: a bearer token on every upstream call
JWT_SECRET=prism-demo-mobile-secret-change-me-0123456789   # the demo profile's (application-demo.yml)
ACME_SHA256=8676d15d94dabdd1283e6c407e2bb08a7b5c13b4e3667d4795c17172e080a3d4   # acme-demo-key

# --- Prism as deployed: Java 25 with the AOT cache of the extracted jar (as the Dockerfile builds it), the demo
# identity provider and demo upstreams off, static upstream credentials; the bench's limits as in compare.sh. ---
prism_args=(--prism.demo.upstreams.enabled=false --prism.demo.identity-provider.enabled=false
  --logging.level.prism.access=warn --prism.partner.clients.acme.requests-per-minute=1000000000
  --prism.web.max-concurrent-requests=2048 --prism.mobile.max-concurrent-requests=2048
  --prism.partner.max-concurrent-requests=2048)
for s in catalog pricing reviews recommendations customers orders inventory; do
  base="$OTHERS/$s"; [ $s = inventory ] && base=$INVENTORY
  prism_args+=(--prism.upstreams.$s.base-url=$base --prism.upstreams.$s.cache.ttl=0s --prism.upstreams.$s.token=$UPSTREAM_TOKEN
    --prism.upstreams.$s.bulkhead.max-concurrent-calls=2048 --prism.upstreams.$s.max-connections-per-route=512)
done
echo "== Prism: AOT cache training run"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$OUT/extracted" > /dev/null
APP="$OUT/extracted/$(basename "$JAR")"
"$JAVA" $PRISM_JVM_OPTS -XX:AOTCacheOutput="$OUT/prism.aot" -Dspring.context.exit=onRefresh -jar "$APP" \
  --server.port=0 "${prism_args[@]}" > "$OUT/aot-training.log" 2>&1 || true
[ -s "$OUT/prism.aot" ] || fail "no AOT cache was written: $(tail -20 "$OUT/aot-training.log")"
started=$(date +%s%N)
"$JAVA" $PRISM_JVM_OPTS -XX:AOTCache="$OUT/prism.aot" -jar "$APP" --server.port=8095 "${prism_args[@]}" > "$OUT/prism.log" 2>&1 &
PRISM_PID=$!; pids+=($PRISM_PID)
wait_http "http://127.0.0.1:8095/actuator/health/readiness"
echo "   ready in $(( ($(date +%s%N) - started) / 1000000 )) ms"
grep -q "AOTCache" <(tr '\0' ' ' < /proc/$PRISM_PID/cmdline) || fail "Prism is not running with the AOT cache"

echo "== Node BFF ($(node --version), $NODE_WORKERS worker(s))"
PEER_PORT=8096 PEER_WORKERS=$NODE_WORKERS CATALOG_URL=$OTHERS/catalog PRICING_URL=$OTHERS/pricing \
  REVIEWS_URL=$OTHERS/reviews RECOMMENDATIONS_URL=$OTHERS/recommendations INVENTORY_URL=$INVENTORY \
  UPSTREAM_TOKEN=$UPSTREAM_TOKEN MOBILE_JWT_SECRET=$JWT_SECRET MOBILE_JWT_AUDIENCE=mobile \
  PARTNER_KEYS="acme/$ACME_SHA256/1000000000/catalog:read orders:write" \
  node bench/peers/node/server.js > "$OUT/node.log" 2>&1 &
NODE_PID=$!; pids+=($NODE_PID)
wait_http "http://127.0.0.1:8096/health"

echo "== Spring Cloud Gateway"
"$JAVA" $PRISM_JVM_OPTS -jar "$GATEWAY_JAR" --server.port=8097 --peer.inventory-url=$INVENTORY \
  --peer.api-key-sha256=$ACME_SHA256 > "$OUT/gateway.log" 2>&1 &
GATEWAY_PID=$!; pids+=($GATEWAY_PID)
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8097/partner/api/v1/availability || true)" = 401 ] && break
  sleep 0.05
done
[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8097/partner/api/v1/availability || true)" = 401 ] \
  || fail "the gateway did not start: $(tail -20 "$OUT/gateway.log")"

# All processes of an implementation (the Node cluster's primary and its workers).
procs() { case $1 in prism) echo $PRISM_PID ;; node) echo $NODE_PID $(pgrep -P $NODE_PID | tr '\n' ' ') ;; gateway) echo $GATEWAY_PID ;; esac; }
port() { case $1 in prism) echo 8095 ;; node) echo 8096 ;; gateway) echo 8097 ;; esac; }
[ "$(procs node | wc -w)" -eq $(( NODE_WORKERS > 1 ? NODE_WORKERS + 1 : 1 )) ] || fail "the Node cluster has not all its workers"

# App tokens as the demo issues them (HS256, audience mobile, two hours); and two it must refuse: signed with another
# key, and for another audience.
read -r TOKEN FORGED_TOKEN WEB_TOKEN < <(python3 - "$JWT_SECRET" <<'PY'
import base64, hashlib, hmac, json, sys, time
b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
now = int(time.time())
def token(secret, audience):
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"sub": "c-1001", "aud": [audience], "iat": now, "exp": now + 7200, "scope": "app"}).encode())
    sig = b64(hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())
    return f"{head}.{body}.{sig}"
print(token(sys.argv[1], "mobile"), token("another-secret-of-at-least-32-bytes-0123", "mobile"), token(sys.argv[1], "web"))
PY
)
PARTNER_PATH="/partner/api/v1/availability?skus=SKU-1001"
MOBILE_PATH="/mobile/api/products/SKU-1001"
WEB_PATH="/web/api/products/SKU-1001"
header_of() { case $1 in partner) echo "X-Api-Key: acme-demo-key" ;; mobile) echo "Authorization: Bearer $TOKEN" ;; web) echo "Accept: application/json" ;; esac; }
path_of() { case $1 in partner) echo "$PARTNER_PATH" ;; mobile) echo "$MOBILE_PATH" ;; web) echo "$WEB_PATH" ;; esac; }
impls_of() { case $1 in partner) echo prism node gateway ;; *) echo prism node ;; esac; }

# --- the same answers: one request per case and implementation; bench/peers_check.py compares them ---
echo "== checking that the implementations answer alike (after 2 s of one connection each: the first calls are cold)"
for endpoint in partner mobile web; do
  for impl in $(impls_of $endpoint); do
    wrk -t1 -c1 -d2s -H "$(header_of $endpoint)" "http://127.0.0.1:$(port $impl)$(path_of $endpoint)" > /dev/null
  done
done
mkdir -p "$OUT/answers"
ask() { # case impl path [curl args...]
  local name=$1 impl=$2 path=$3; shift 3
  curl -sS -D "$OUT/answers/$name.$impl.headers" -o "$OUT/answers/$name.$impl.body" "$@" "http://127.0.0.1:$(port $impl)$path"
}
for impl in prism node gateway; do
  ask partner $impl "$PARTNER_PATH" -H 'X-Api-Key: acme-demo-key' -H 'X-Request-Id: check-partner'
  ask partner-bad-key $impl "$PARTNER_PATH" -H 'X-Api-Key: not-a-key'
done
for impl in prism node; do
  ask partner-two $impl "/partner/api/v1/availability?skus=SKU-1001,SKU-1002,SKU-1001" -H 'X-Api-Key: acme-demo-key'
  ask partner-malformed $impl "/partner/api/v1/availability?skus=SKU_1001" -H 'X-Api-Key: acme-demo-key'
  ask mobile $impl "$MOBILE_PATH" -H "Authorization: Bearer $TOKEN" -H 'X-Request-Id: check-mobile'
  ask mobile-description $impl "$MOBILE_PATH?include=description" -H "Authorization: Bearer $TOKEN"
  ask mobile-bad-token $impl "$MOBILE_PATH" -H "Authorization: Bearer $FORGED_TOKEN"
  ask mobile-wrong-audience $impl "$MOBILE_PATH" -H "Authorization: Bearer $WEB_TOKEN"
  ask mobile-no-token $impl "$MOBILE_PATH"
  ask mobile-unknown-sku $impl "/mobile/api/products/SKU-0000" -H "Authorization: Bearer $TOKEN"
  ask web $impl "$WEB_PATH" -H 'X-Request-Id: check-web'
  ask web-unknown-sku $impl "/web/api/products/SKU-0000"
done
curl -fsS -X PUT http://127.0.0.1:9101/__admin/faults/catalog -H 'Content-Type: application/json' -d '{"mode":"slow"}' > /dev/null
for impl in prism node; do
  ask mobile-timeout $impl "$MOBILE_PATH" -H "Authorization: Bearer $TOKEN"
  ask web-timeout $impl "$WEB_PATH"
done
curl -fsS -X DELETE http://127.0.0.1:9101/__admin/faults > /dev/null
curl -fsS -X PUT http://127.0.0.1:9101/__admin/faults/inventory -H 'Content-Type: application/json' -d '{"mode":"slow"}' > /dev/null
for impl in prism node gateway; do ask partner-timeout $impl "/partner/api/v1/availability?skus=SKU-SLOW" -H 'X-Api-Key: acme-demo-key'; done
curl -fsS -X DELETE http://127.0.0.1:9101/__admin/faults > /dev/null
curl -fsS -X PUT http://127.0.0.1:9101/__admin/faults/reviews -H 'Content-Type: application/json' -d '{"mode":"down"}' > /dev/null
for impl in prism node; do
  ask mobile-degraded $impl "$MOBILE_PATH" -H "Authorization: Bearer $TOKEN"
  ask web-degraded $impl "$WEB_PATH"
done
curl -fsS -X DELETE http://127.0.0.1:9101/__admin/faults > /dev/null
python3 "$ROOT/bench/peers_check.py" "$OUT/answers" > "$OUT/check.txt" || { cat "$OUT/check.txt"; fail "the answers differ (above; saved under $OUT/answers)"; }
cat "$OUT/check.txt"
if [ "${BENCH_CHECK_ONLY:-0}" = 1 ]; then echo "== BENCH_CHECK_ONLY=1: answers checked, nothing measured"; exit 0; fi

# --- warm-up and measurement ---
for impl in prism node gateway; do
  for endpoint in partner mobile web; do
    [[ " $(impls_of $endpoint) " == *" $impl "* ]] || continue
    echo "== warming up $impl on $endpoint for $WARMUP"
    wrk -t2 -c64 -d"$WARMUP" -H "$(header_of $endpoint)" "http://127.0.0.1:$(port $impl)$(path_of $endpoint)" > /dev/null
  done
done

# Prints "rps p50_ms p99_ms cpu_us_per_request jit_us_per_request" for one measured load of one implementation.
point() { # impl endpoint connections
  local impl=$1 endpoint=$2 c=$3 before after jit_before=0 jit_after=0 t0 t1
  local threads=$(( c < 2 ? 1 : 2 ))
  before=$(cpu_ticks $(procs $impl)); [ $impl = node ] || jit_before=$(jit_ticks $(procs $impl)); t0=$(date +%s%N)
  wrk -t$threads -c"$c" -d"$DURATION" --latency -H "$(header_of $endpoint)" \
    "http://127.0.0.1:$(port $impl)$(path_of $endpoint)" > "$OUT/wrk.txt" 2>&1
  t1=$(date +%s%N); after=$(cpu_ticks $(procs $impl)); [ $impl = node ] || jit_after=$(jit_ticks $(procs $impl))
  cp "$OUT/wrk.txt" "$OUT/wrk-$impl-$endpoint-$c-$round.txt"
  python3 - "$before" "$after" "$jit_before" "$jit_after" "$t0" "$t1" "$ticks_per_second" \
    "$ROOT/bench/wrk_summary.py" "$OUT/wrk.txt" "$impl $endpoint $c" <<'PY'
import subprocess, sys
before, after, jit0, jit1, t0, t1, hz = map(int, sys.argv[1:8])
p50, p99, rps, errors = subprocess.run([sys.executable, sys.argv[8]], stdin=open(sys.argv[9]), capture_output=True,
                                       text=True, check=True).stdout.split()
if int(errors):
    sys.exit(f"{sys.argv[10]}: {errors} answers were not 2xx")
requests = float(rps) * (t1 - t0) / 1e9
print(f"{float(rps):.0f} {p50} {p99} {(after - before) / hz * 1e6 / requests:.0f} {(jit1 - jit0) / hz * 1e6 / requests:.0f}")
PY
}

: > "$OUT/figures.txt"
for round in $(seq 1 "$ROUNDS"); do
  for endpoint in partner mobile web; do
    for c in $CONNECTIONS; do
      for impl in $(impls_of $endpoint); do
        figures=$(point $impl $endpoint $c)
        echo "   round $round $endpoint c=$c $impl: $figures (req/s p50 p99 cpu_us jit_us)"
        echo "$impl $endpoint $c $figures" >> "$OUT/figures.txt"
      done
    done
  done
done
# Resident memory after the load, in MB, and of it anonymous memory (heap, metaspace, code, stacks, native): the rest is
# file pages mapped read-only — the jar, the libraries and Prism's AOT cache, shared and reclaimable page cache.
rss=""
for impl in prism node gateway; do
  rss+="$impl=$(for p in $(procs $impl); do grep -E '^(VmRSS|RssAnon):' /proc/$p/status; done \
    | awk '/VmRSS/ {t += $2} /RssAnon/ {a += $2} END {printf "%d/%d", t / 1024, a / 1024}') "
done

python3 "$ROOT/bench/peers_report.py" "$OUT/figures.txt" "$ROOT/bench/peers.md" "$OUT/check.txt" \
  "$("$JAVA" -version 2>&1 | head -1)" "$(node --version)" "$NODE_WORKERS" "$ROUNDS" "$DURATION" "$WARMUP" "$rss" "$LOAD"
echo "== wrote bench/peers.md"
