# Shared by bench/run.sh and bench/floor.sh (sourced, from the repository root, with ROOT and OUT set): the JVM and its flags,
# wrk and nginx (installed from Debian when missing), process cleanup, waiting and measuring.
DURATION=${BENCH_DURATION:-8s}
WARMUP=${BENCH_WARMUP:-40s}   # C2 keeps compiling for ~40 s of load (thread CPU measured); see README
# Flags for a small (2-core) instance: the JVM's own choice below 2 CPUs is Serial GC; a small initial heap and
# periodic native-heap trimming keep resident memory to what is used (see README, "Memory").
export PRISM_JVM_OPTS=${BENCH_JVM_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000}
export MALLOC_ARENA_MAX=2
source "$ROOT/bench/java.sh"

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_http() { for _ in $(seq 1 400); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.05; done; echo "timeout waiting for $1" >&2; return 1; }

# wrk: prints "p50_ms p99_ms rps non2xx"
measure() { # connections url [header]
  local c=$1 url=$2; shift 2
  local threads=$(( c < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$c" -d"$DURATION" --latency "$@" "$url" > "$OUT/wrk.txt" 2>&1
  python3 "$ROOT/bench/wrk_summary.py" < "$OUT/wrk.txt"
}

# Where the two cores went during one point: like measure (its figures on stdout), and appends a line
# "label prism_% upstreams_% machine_busy_% prism_cpu_us_per_request" to $OUT/cpu.txt. Percentages of one core, as top
# shows them (200 % = both cores); machine busy is of all cores, from /proc/stat. Needs PRISM_PID and UPSTREAM_PIDS.
ticks_per_second=$(getconf CLK_TCK)
cpu_ticks() { local total=0 pid; for pid in "$@"; do total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") )); done; echo $total; }
# CPU ticks of a JVM's JIT compiler threads (C1 and C2): what is left of warm-up in a measured window.
jit_ticks() { # pid
  local total=0 task
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in C1\ Compiler*|C2\ Compiler*)
      total=$(( total + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0) )) ;;
    esac
  done
  echo $total
}
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
measure_cpu() { # label connections url [header]
  local label=$1; shift
  local p0 u0 m0 t0 figures
  p0=$(cpu_ticks "$PRISM_PID"); u0=$(cpu_ticks $UPSTREAM_PIDS); m0=$(machine_ticks); t0=$(date +%s%N)
  figures=$(measure "$@")
  python3 - "$label" "$figures" "$p0" "$(cpu_ticks "$PRISM_PID")" "$u0" "$(cpu_ticks $UPSTREAM_PIDS)" $m0 $(machine_ticks) \
    "$t0" "$(date +%s%N)" "$ticks_per_second" "${DURATION%s}" >> "$OUT/cpu.txt" <<'PY'
import sys
label, figures = sys.argv[1], sys.argv[2].split()
p0, p1, u0, u1, busy0, total0, busy1, total1, t0, t1, hz = map(int, sys.argv[3:14])
seconds, requests = (t1 - t0) / 1e9, float(figures[2]) * float(sys.argv[14])
print(label, f"{100 * (p1 - p0) / hz / seconds:.0f} {100 * (u1 - u0) / hz / seconds:.0f}",
      f"{100 * (busy1 - busy0) / (total1 - total0):.0f} {(p1 - p0) / hz * 1e6 / requests:.0f}")
PY
  echo "$figures"
}

# nginx serving the inventory availability document as the fastest possible upstream, in the background.
start_nginx() { # port
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
    listen 127.0.0.1:$1;
    location /inventory/availability {
      default_type application/json;
      return 200 '{"items":[{"sku":"SKU-1001","status":"IN_STOCK","quantity":12}]}';
    }
  }
}
NGINX
  "$NGINX" -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx" -g 'daemon off;' > "$OUT/nginx/out.log" 2>&1 &
  local master=$! worker
  pids+=($master)
  wait_http "http://127.0.0.1:$1/inventory/availability"
  # The worker does the serving. None means this nginx did not start (port taken by another?), whatever answered.
  worker=$(pgrep -P "$master" || true)
  [ -n "$worker" ] || { echo "nginx did not start on port $1: $(cat "$OUT/nginx/error.log")" >&2; return 1; }
  NGINX_PIDS="$master $worker"
}
