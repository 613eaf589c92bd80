#!/usr/bin/env bash
# The cold path (issue #21, item 2): the first 50 composite requests after start-up, one at a time, against 40 ms
# upstreams. Prism as deployed (Java 25, AOT cache, demo identity provider off) and the Node peer (bench/peers/node)
# are each started fresh BENCH_ROUNDS times (default 3); right after readiness one client sends 50 mobile product
# requests (four parallel upstream calls: ideally one upstream call's time) in sequence on one keep-alive connection;
# Prism twice: with the AOT cache of a start-up alone, and with one trained on requests as the Dockerfile builds it
# (deploy/aot-train.sh; BENCH_COLD_TRAINING_REQUESTS rounds, default 200; 0: not at all).
# The yardstick is one upstream call: 50 direct calls to the demo catalog the same way. Target: p50 <= 1.2 x one
# call. Writes bench/coldpath.md. About 2 minutes per round. See bench/README.md, "Peers".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/out/coldpath"
rm -rf "$OUT" && mkdir -p "$OUT"
source "$ROOT/bench/common.sh"
ROUNDS=${BENCH_ROUNDS:-3}
REQUESTS=${BENCH_COLD_REQUESTS:-50}
LATENCY=${BENCH_COLD_LATENCY:-40ms}
fail() { echo "coldpath.sh: $*" >&2; exit 1; }
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

command -v node >/dev/null 2>&1 || fail "node (20.18.1 or later) is not installed"
"$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q AOTCacheOutput \
  || fail "$JAVA has no AOT cache (-XX:AOTCacheOutput): Prism runs as deployed, on Java 25; set BENCH_JAVA"
JAR=${PRISM_JAR:-$(ls target/prism-*.jar 2>/dev/null | grep -v original | head -1 || true)}
if [ -z "$JAR" ]; then
  ./mvnw -B -q -DskipTests package
  JAR=$(ls target/prism-*.jar | grep -v original | head -1)
fi
[ -f "$JAR" ] || fail "no Prism jar at $JAR"
(cd bench/peers/node && npm ci --no-audit --no-fund --loglevel=error > "$OUT/npm.log" 2>&1) \
  || fail "npm ci failed: $(tail -5 "$OUT/npm.log")"

UPSTREAMS=http://127.0.0.1:9111
"$JAVA" -cp "$JAR" -Dloader.main=dev.prism.demo.DemoUpstreamsApplication \
  org.springframework.boot.loader.launch.PropertiesLauncher --port=9111 --latency="$LATENCY" > "$OUT/demo.log" 2>&1 &
pids+=($!)
wait_http "$UPSTREAMS/__admin/stats"

JWT_SECRET=prism-demo-mobile-secret-change-me-0123456789   # the demo profile's (application-demo.yml)
TOKEN=$(python3 - "$JWT_SECRET" <<'PY'
import base64, hashlib, hmac, json, sys, time
b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
now = int(time.time())
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
body = b64(json.dumps({"sub": "c-1001", "aud": ["mobile"], "iat": now, "exp": now + 7200, "scope": "app"}).encode())
print(f"{head}.{body}.{b64(hmac.new(sys.argv[1].encode(), f'{head}.{body}'.encode(), hashlib.sha256).digest())}")
PY
)

prism_args=(--prism.demo.upstreams.enabled=false --prism.demo.identity-provider.enabled=false --logging.level.prism.access=warn)
for s in catalog pricing inventory reviews recommendations customers orders; do
  prism_args+=(--prism.upstreams.$s.base-url=$UPSTREAMS/$s --prism.upstreams.$s.cache.ttl=0s
    --prism.upstreams.$s.token=bench-static-upstream-token)
done
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$OUT/extracted" > /dev/null
APP="$OUT/extracted/$(basename "$JAR")"
"$JAVA" $PRISM_JVM_OPTS -XX:AOTCacheOutput="$OUT/prism.aot" -Dspring.context.exit=onRefresh -jar "$APP" \
  --server.port=0 "${prism_args[@]}" > "$OUT/aot-training.log" 2>&1 || true
[ -s "$OUT/prism.aot" ] || fail "no AOT cache was written: $(tail -20 "$OUT/aot-training.log")"

# 50 requests one at a time on one keep-alive connection; prints the milliseconds of each, fails on a non-200.
sequential() { # url [header]
  python3 - "$REQUESTS" "$@" <<'PY'
import http.client, sys, time, urllib.parse
count, url = int(sys.argv[1]), urllib.parse.urlsplit(sys.argv[2])
headers = dict([sys.argv[3].split(": ", 1)]) if len(sys.argv) > 3 else {}
connection = http.client.HTTPConnection(url.hostname, url.port)
path = url.path + ("?" + url.query if url.query else "")
times = []
for _ in range(count):
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    times.append((time.perf_counter() - started) * 1000)
    if response.status != 200:
        sys.exit(f"{sys.argv[2]} answered {response.status}")
print(" ".join(f"{t:.2f}" for t in times))
PY
}

# A second AOT cache, trained on requests as the Dockerfile trains it (deploy/aot-train.sh: TRAINING_REQUESTS rounds of
# a mobile product, a partner availability and a web product page, then SIGTERM; the JVM writes the cache as it
# exits). JDK 25 keeps in it the classes the request path loads and links, and the methods' profiles (JEP 515).
TRAINING_REQUESTS=${BENCH_COLD_TRAINING_REQUESTS:-200}
if [ "$TRAINING_REQUESTS" -gt 0 ]; then
  JAVA="$JAVA" PRISM_TRAINING_JVM_OPTS="$PRISM_JVM_OPTS" PRISM_TRAINING_PORT=8097 PRISM_TRAINING_ARGS="" \
    PRISM_TRAINING_REQUESTS="$TRAINING_REQUESTS" sh "$ROOT/deploy/aot-train.sh" "$APP" "$OUT/prism-trained.aot" \
    "${prism_args[@]}" > "$OUT/aot-trained-training.log" 2>&1 \
    || fail "the training on requests failed: $(tail -20 "$OUT/aot-trained-training.log")"
fi

: > "$OUT/figures.txt"
# Prism, fresh, from the AOT cache $2: ready, then at once the first composite requests; one figures line as $1.
cold_prism() { # label cache
  local started pid ready
  started=$(date +%s%N)
  "$JAVA" $PRISM_JVM_OPTS -XX:AOTCache="$2" -jar "$APP" --server.port=8098 "${prism_args[@]}" \
    > "$OUT/$1-$round.log" 2>&1 &
  pid=$!; pids+=($pid)
  wait_http "http://127.0.0.1:8098/actuator/health/readiness"
  ready=$(( ($(date +%s%N) - started) / 1000000 ))
  echo "$1 $ready $(sequential http://127.0.0.1:8098/mobile/api/products/SKU-1001 "Authorization: Bearer $TOKEN")" >> "$OUT/figures.txt"
  kill $pid; wait $pid 2>/dev/null || true
}

for round in $(seq 1 "$ROUNDS"); do
  cold_prism prism "$OUT/prism.aot"
  if [ "$TRAINING_REQUESTS" -gt 0 ]; then cold_prism prism-trained "$OUT/prism-trained.aot"; fi

  started=$(date +%s%N)
  PEER_PORT=8099 CATALOG_URL=$UPSTREAMS/catalog PRICING_URL=$UPSTREAMS/pricing REVIEWS_URL=$UPSTREAMS/reviews \
    RECOMMENDATIONS_URL=$UPSTREAMS/recommendations INVENTORY_URL=$UPSTREAMS/inventory \
    UPSTREAM_TOKEN=bench-static-upstream-token MOBILE_JWT_SECRET=$JWT_SECRET \
    PARTNER_KEYS="acme/8676d15d94dabdd1283e6c407e2bb08a7b5c13b4e3667d4795c17172e080a3d4/600/catalog:read" \
    node bench/peers/node/server.js > "$OUT/node-$round.log" 2>&1 &
  pid=$!; pids+=($pid)
  wait_http "http://127.0.0.1:8099/health"
  ready=$(( ($(date +%s%N) - started) / 1000000 ))
  echo "node $ready $(sequential http://127.0.0.1:8099/mobile/api/products/SKU-1001 "Authorization: Bearer $TOKEN")" >> "$OUT/figures.txt"
  kill $pid; wait $pid 2>/dev/null || true

  echo "upstream 0 $(sequential $UPSTREAMS/catalog/products/SKU-1001)" >> "$OUT/figures.txt"
  echo "   round $round done"
done

python3 - "$OUT/figures.txt" "$ROOT/bench/coldpath.md" "$("$JAVA" -version 2>&1 | head -1)" "$(node --version)" \
  "$ROUNDS" "$REQUESTS" "$LATENCY" "$LOAD" <<'PY'
import datetime, statistics, sys
figures, target, java, node, rounds, requests, latency, load = sys.argv[1:9]
runs = {}
for line in open(figures):
    impl, ready, *times = line.split()
    runs.setdefault(impl, []).append((int(ready), [float(t) for t in times]))
one_call = statistics.median(statistics.median(t) for _, t in runs["upstream"])
def spread(values, fmt="{:.1f}"):
    text = fmt.format(statistics.median(values))
    return text + (f" ({fmt.format(min(values))}–{fmt.format(max(values))})" if len(values) > 1 else "")
out = ["# The cold path", "",
       f"Measured {datetime.date.today()} by `bench/coldpath.sh` ({java} with the AOT cache for Prism; Node {node}, one "
       f"process): each implementation started fresh {rounds} time(s); right after readiness one client sends the first "
       f"{requests} mobile product requests (four parallel upstream calls) one at a time on one keep-alive connection, "
       f"against the demo upstreams with {latency} per call. One upstream call (the same client, direct to the demo "
       f"catalog): p50 {one_call:.1f} ms. Medians of the rounds, ranges in brackets. Load average when the run started: "
       f"{load}. Target (issue #21): Prism's p50 ≤ 1.2 × one upstream call.", "",
       "| implementation | ready after ms | first request ms | p50 ms | p90 ms | max ms | p50 / one upstream call |",
       "|---|---|---|---|---|---|---|"]
names = {"prism": "Prism (AOT cache of start-up)", "prism-trained": "Prism (AOT cache trained on requests)",
         "node": "Node BFF", "upstream": "one upstream call (direct)"}
for impl in ("prism", "prism-trained", "node", "upstream"):
    if impl not in runs:
        continue
    rs = runs[impl]
    p50s = [statistics.median(t) for _, t in rs]
    p90s = [statistics.quantiles(t, n=10)[8] for _, t in rs]
    ready = spread([r for r, _ in rs], "{:.0f}") if impl != "upstream" else "—"
    out.append(f"| {names[impl]} | {ready} | {spread([t[0] for _, t in rs])} | {spread(p50s)} | {spread(p90s)} "
               f"| {spread([max(t) for _, t in rs])} | **{statistics.median(p50s) / one_call:.2f}** |")
open(target, "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
echo "== wrote bench/coldpath.md"
