#!/usr/bin/env bash
# Scale figures (#21 item 4): heap per 10,000 live web sessions and per 10,000 idempotency records, in memory and in
# profile distributed (then also Redis' memory), and the Redis round trips each channel's requests make in distributed
# with what they add to latency. One command, loopback only, about 10 minutes on a loaded 2-core host. Installs wrk and
# redis-server from Debian when missing. Writes bench/scale.md. See bench/README.md, "Scale figures".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/out/scale"
rm -rf "$OUT" && mkdir -p "$OUT"
source "$ROOT/bench/common.sh"
command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null; }
JCMD="$(dirname "$(readlink -f "$JAVA")")/jcmd"
SESSIONS=${BENCH_SESSIONS:-10000}
RECORDS=${BENCH_RECORDS:-10000}
ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-5s}
WARMUP=${BENCH_WARMUP:-8s}
CONNECTIONS=${BENCH_CONNECTIONS:-4}
started=$(date +%s)

# The jar of this checkout: built when missing or older than the last commit.
JAR=$(ls target/prism-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$JAR" ] || [ "$(stat -c %Y "$JAR")" -lt "$(git log -1 --format=%ct)" ]; then
  echo "== building the jar"
  ./mvnw -B -q -DskipTests package > "$OUT/build.log" 2>&1
  JAR=$(ls target/prism-*.jar | grep -v original | head -1)
fi

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
REDIS_PORT=$(free_port); DEMO_PORT=$(free_port); MEMORY_PORT=$(free_port); DISTRIBUTED_PORT=$(free_port)

# A bench-only web user whose password hash has bcrypt cost 4 instead of the demo users' 10: 10,000 logins at cost 10
# take ~7 minutes of both cores. The login runs the same code and the session holds the same objects (the password is
# erased from the session's principal either way); "bench" is as long a name as "alice". It is customer c-1002: the
# partner orders go to acme's c-1001, and the demo orders service sorts all of a customer's orders for each account page.
BENCH_USER=bench
BENCH_PASSWORD=bench-password
BENCH_HASH='{bcrypt}$2a$04$OXJ70yHX6hsMPKTCDXFtx.1kc6E7UPSitGGsA6INVn5CjClJjXDTa'

echo "== redis-server on 127.0.0.1:$REDIS_PORT, demo upstreams (no added latency) on :$DEMO_PORT"
mkdir -p "$OUT/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$OUT/redis" \
  --protected-mode yes > "$OUT/redis/redis.log" 2>&1 &
REDIS_PID=$!; pids+=($REDIS_PID)
for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done
rcli() { redis-cli -p "$REDIS_PORT" "$@"; }
"$JAVA" -cp "$JAR" -Dloader.main=dev.prism.demo.DemoUpstreamsApplication \
  org.springframework.boot.loader.launch.PropertiesLauncher --port="$DEMO_PORT" --latency=0ms > "$OUT/demo.log" 2>&1 &
DEMO_PID=$!; pids+=($DEMO_PID)
wait_http "http://127.0.0.1:$DEMO_PORT/__admin/stats"

# Prism as deployed (upstream caches as configured), without the demo identity provider, as the other benchmarks run
# it; the partner quota lifted so that the load is never refused.
start_prism() { # name port profiles extra-args...
  local name=$1 port=$2 profiles=$3; shift 3
  local args=(--server.port="$port" --spring.profiles.active="$profiles" --prism.demo.upstreams.enabled=false
    --prism.demo.identity-provider.enabled=false --logging.level.prism.access=warn
    --prism.partner.clients.acme.requests-per-minute=1000000000
    --prism.web.users.$BENCH_USER.password="$BENCH_HASH" --prism.web.users.$BENCH_USER.customer-id=c-1002)
  for s in catalog pricing inventory reviews recommendations customers orders; do
    args+=(--prism.upstreams.$s.base-url="http://127.0.0.1:$DEMO_PORT/$s")
  done
  "$JAVA" $PRISM_JVM_OPTS -jar "$JAR" "${args[@]}" "$@" > "$OUT/prism-$name.log" 2>&1 &
  PID[$name]=$!; pids+=(${PID[$name]}); PORT[$name]=$port
}
declare -A PID PORT SESSION
INSTANCES=(memory distributed)
echo "== Prism in memory on :$MEMORY_PORT and Prism distributed (Redis) on :$DISTRIBUTED_PORT ($JAVA)"
start_prism memory "$MEMORY_PORT" demo
start_prism distributed "$DISTRIBUTED_PORT" demo,distributed --spring.data.redis.port="$REDIS_PORT"
# Up to 4 minutes each: two start at once, and on a loaded 2-core machine one has taken 85 s.
wait_ready() { for _ in $(seq 1 960); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.25; done
  echo "timeout waiting for $1" >&2; return 1; }
for name in "${INSTANCES[@]}"; do wait_ready "http://127.0.0.1:${PORT[$name]}/actuator/health/readiness"; done

{
  echo "date=$(date -u +%Y-%m-%d)"
  echo "rev=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo '+local changes')"
  echo "java=$("$JAVA" -version 2>&1 | head -1)"
  echo "jvm_opts=$PRISM_JVM_OPTS"
  echo "redis=$(redis-server --version | awk '{print $3}' | tr -d 'v=')"
  echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cores=$(nproc)"
  echo "sessions=$SESSIONS"; echo "records=$RECORDS"; echo "rounds=$ROUNDS"; echo "duration=$DURATION"
  echo "connections=$CONNECTIONS"
} > "$OUT/meta.txt"

# The live heap: GC.class_histogram runs a full GC and counts what survives, by class.
histogram() { "$JCMD" "$1" GC.class_histogram > "$2"; }
redis_memory() { echo "$(rcli info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r') $(rcli dbsize)" > "$1"; }

client() { python3 "$ROOT/bench/scale_client.py" "$@"; }
measure_sessions() { # name
  local name=$1 base="http://127.0.0.1:${PORT[$1]}" t0
  echo "== $name: $SESSIONS web sessions"
  client login "$base" 300 4 "$BENCH_USER" "$BENCH_PASSWORD" > /dev/null   # warm: classes loaded, code compiled
  histogram "${PID[$name]}" "$OUT/heap-$name-sessions-before.txt"; redis_memory "$OUT/redis-$name-sessions-before.txt"
  t0=$(date +%s%N)
  SESSION[$name]=$(client login "$base" "$SESSIONS" 4 "$BENCH_USER" "$BENCH_PASSWORD")
  echo "   $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  histogram "${PID[$name]}" "$OUT/heap-$name-sessions-after.txt"; redis_memory "$OUT/redis-$name-sessions-after.txt"
}
measure_records() { # name
  local name=$1 base="http://127.0.0.1:${PORT[$1]}" t0
  echo "== $name: $RECORDS idempotency records (partner orders, one Idempotency-Key each)"
  client orders "$base" 300 4 acme-demo-key
  histogram "${PID[$name]}" "$OUT/heap-$name-records-before.txt"; redis_memory "$OUT/redis-$name-records-before.txt"
  t0=$(date +%s%N)
  client orders "$base" "$RECORDS" 4 acme-demo-key
  echo "   $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  histogram "${PID[$name]}" "$OUT/heap-$name-records-after.txt"; redis_memory "$OUT/redis-$name-records-after.txt"
}
key_sizes() { # one key of each kind, as Redis itself sizes it
  echo "session_key_bytes=$(rcli memory usage "$(rcli --scan --pattern 'prism:session:v2:sessions:*' | head -1)")" >> "$OUT/meta.txt"
  echo "record_key_bytes=$(rcli memory usage "$(rcli --scan --pattern 'prism:idempotency:*' | head -1)")" >> "$OUT/meta.txt"
  rcli hgetall "$(rcli --scan --pattern 'prism:session:v2:sessions:*' | head -1)" > "$OUT/session-example.txt"
}

# The requests of each channel: "label method path [scale_client flags]" (the session is one of those just made).
TOKEN=$(curl -fsS -X POST "http://127.0.0.1:$DISTRIBUTED_PORT/demo/mobile-token" -H 'Content-Type: application/json' \
  -d '{"customerId":"c-1002"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')
requests_of() { # name -> lines "label|method|path|flags..."
  local cookie="Cookie: PRISM_SESSION=${SESSION[$1]}; XSRF-TOKEN=bench"
  cat <<EOF
web-login|POST|/web/api/session|--header|Cookie: XSRF-TOKEN=bench|--header|X-XSRF-TOKEN: bench|--body|{"username":"$BENCH_USER","password":"$BENCH_PASSWORD"}
web-session|GET|/web/api/session|--header|$cookie
web-product|GET|/web/api/products/SKU-1001|--header|$cookie
web-product-anonymous|GET|/web/api/products/SKU-1001
web-account|GET|/web/api/account|--header|$cookie
web-order|POST|/web/api/orders|--header|$cookie|--header|X-XSRF-TOKEN: bench|--unique-key|--body|{"lines":[{"sku":"SKU-1001","quantity":1}]}
mobile-product|GET|/mobile/api/products/SKU-1001|--header|Authorization: Bearer $TOKEN
mobile-me|GET|/mobile/api/me|--header|Authorization: Bearer $TOKEN
partner-availability|GET|/partner/api/v1/availability?skus=SKU-1001|--header|X-Api-Key: acme-demo-key
partner-order|POST|/partner/api/v1/orders|--header|X-Api-Key: acme-demo-key|--unique-key|--body|{"lines":[{"sku":"SKU-1001","quantity":1}]}
EOF
}

count_commands() {
  echo "== Redis commands per request (distributed; MONITOR over $PER_KIND requests of each kind)"
  redis-cli -p "$REDIS_PORT" monitor > "$OUT/monitor.txt" &
  MONITOR_PID=$!; pids+=($MONITOR_PID)
  sleep 0.3
  local label method path flags flag_args
  while IFS='|' read -r label method path flags; do
    IFS='|' read -r -a flag_args <<< "$flags"
    client repeat "http://127.0.0.1:$DISTRIBUTED_PORT" 3 "$method" "$path" "${flag_args[@]}"   # first calls aside
    sleep 0.3; rcli echo "MARK $label $PER_KIND" > /dev/null
    client repeat "http://127.0.0.1:$DISTRIBUTED_PORT" "$PER_KIND" "$method" "$path" "${flag_args[@]}"
    sleep 0.3; rcli echo "END $label" > /dev/null
  done < <(requests_of distributed)
  sleep 0.3; kill $MONITOR_PID; wait $MONITOR_PID 2>/dev/null || true
}
PER_KIND=20

# Latency: the same request against both instances in turn, ROUNDS rounds, wrk at CONNECTIONS connections. Also the
# CPU the Prism process and redis-server spent per request (/proc), steadier than latency on a shared machine.
cat > "$OUT/order.lua" <<'LUA'
-- POST a partner order with an Idempotency-Key of its own per request: "<run>-<thread>-<n>"
wrk.method = "POST"
wrk.body = '{"lines":[{"sku":"SKU-1001","quantity":1}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = "acme-demo-key"
local threads, run, n = 0, "run", 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) run = args[1] or "run" end
function request()
  n = n + 1
  wrk.headers["Idempotency-Key"] = run .. "-" .. tid .. "-" .. n
  return wrk.format()
end
LUA
LATENCY_KINDS=(web-product web-account mobile-product partner-availability partner-order)
wrk_args() { # name kind -> sets args
  local name=$1 kind=$2 url="http://127.0.0.1:${PORT[$1]}"
  case $kind in
    web-product) args=(-H "Cookie: PRISM_SESSION=${SESSION[$name]}" "$url/web/api/products/SKU-1001") ;;
    web-account) args=(-H "Cookie: PRISM_SESSION=${SESSION[$name]}" "$url/web/api/account") ;;
    mobile-product) args=(-H "Authorization: Bearer $TOKEN" "$url/mobile/api/products/SKU-1001") ;;
    partner-availability) args=(-H "X-Api-Key: acme-demo-key" "$url/partner/api/v1/availability?skus=SKU-1001") ;;
    partner-order) args=(-s "$OUT/order.lua" "$url/partner/api/v1/orders" -- "$name-$RANDOM$RANDOM") ;;
  esac
}
wrk_point() { # name kind duration -> "p50 p99 rps non2xx prism_us redis_us prism_jit_us"
  local name=$1 kind=$2 duration=$3 args=() p0 r0 j0 figures
  wrk_args "$name" "$kind"
  p0=$(cpu_ticks "${PID[$name]}"); r0=$(cpu_ticks "$REDIS_PID"); j0=$(jit_ticks "${PID[$name]}")
  wrk -t2 -c"$CONNECTIONS" -d"$duration" --latency "${args[@]}" > "$OUT/wrk.txt" 2>&1
  figures=$(python3 "$ROOT/bench/wrk_summary.py" < "$OUT/wrk.txt")
  python3 - "$figures" "$p0" "$(cpu_ticks "${PID[$name]}")" "$r0" "$(cpu_ticks "$REDIS_PID")" "$ticks_per_second" \
    "${duration%s}" "$j0" "$(jit_ticks "${PID[$name]}")" <<'PY'
import sys
figures = sys.argv[1].split()
p0, p1, r0, r1, hz = map(int, sys.argv[2:7])
j0, j1 = map(int, sys.argv[8:10])
requests = float(figures[2]) * float(sys.argv[7])
print(*figures, f"{(p1 - p0) / hz * 1e6 / requests:.0f}", f"{(r1 - r0) / hz * 1e6 / requests:.1f}",
      f"{(j1 - j0) / hz * 1e6 / requests:.0f}")
PY
}
latency_rounds() { # kinds...
  local kind name round figures
  echo "== latency: $ROUNDS rounds of $DURATION per request and instance, $CONNECTIONS connections (warm-up $WARMUP each): $*"
  for kind in "$@"; do
    for name in "${INSTANCES[@]}"; do wrk_point "$name" "$kind" "$WARMUP" > /dev/null; done
  done
  for round in $(seq 1 "$ROUNDS"); do
    for kind in "$@"; do
      for name in "${INSTANCES[@]}"; do
        figures=$(wrk_point "$name" "$kind" "$DURATION")
        echo "$round $kind $name $figures" >> "$OUT/latency.txt"
        echo "   round $round $kind $name: p50 p99 rps non2xx prism_us redis_us prism_jit_us = $figures"
      done
    done
  done
}

# Round trips under that load: MONITOR while wrk drives the distributed instance for a few seconds (MONITOR slows
# Redis, so these seconds are not timed). Concurrent requests of one partner contend for its one quota bucket.
count_commands_under_load() {
  local kind
  echo "== Redis commands per request under load ($CONNECTIONS connections, MONITOR over 3 s of each kind)"
redis-cli -p "$REDIS_PORT" monitor > "$OUT/monitor-load.txt" &
MONITOR_PID=$!; pids+=($MONITOR_PID)
sleep 0.3
: > "$OUT/load-requests.txt"
for kind in "${LATENCY_KINDS[@]}"; do
  args=(); wrk_args distributed "$kind"
  rcli echo "MARK $kind 1" > /dev/null
  wrk -t2 -c"$CONNECTIONS" -d3s "${args[@]}" > "$OUT/wrk-load.txt" 2>&1
  sleep 0.3; rcli echo "END $kind" > /dev/null
  echo "$kind $(grep -o '[0-9]* requests in' "$OUT/wrk-load.txt" | cut -d' ' -f1)" >> "$OUT/load-requests.txt"
done
sleep 0.3; kill $MONITOR_PID; wait $MONITOR_PID 2>/dev/null || true
}

# The order of the phases: the demo orders service keeps every order and goes through all of them for each account
# page, so the account page is timed before the 20,000 orders of the records phase and the partner order last.
measure_sessions memory
measure_sessions distributed
: > "$OUT/latency.txt"
latency_rounds web-product web-account mobile-product partner-availability
measure_records memory
measure_records distributed
key_sizes
count_commands
latency_rounds partner-order
count_commands_under_load

echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/meta.txt"
echo "elapsed_s=$(( $(date +%s) - started ))" >> "$OUT/meta.txt"
python3 "$ROOT/bench/scale_report.py" "$OUT" "$ROOT/bench/scale.md"
echo "== wrote bench/scale.md ($(( $(date +%s) - started )) s)"
