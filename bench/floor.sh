#!/usr/bin/env bash
# The framework floor under Prism's overhead figures (about 3 minutes): the same stack with none of Prism's work,
# in front of the same nginx document. Writes bench/floor.md. See bench/README.md, "The floor".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/out/floor"
rm -rf "$OUT" && mkdir -p "$OUT"
source "$ROOT/bench/common.sh"

./mvnw -B -q -f bench/floor/pom.xml -DskipTests package
JAR=bench/floor/target/floor-1.jar

start_nginx 9201

"$JAVA" $PRISM_JVM_OPTS -Dfloor.upstream=http://127.0.0.1:9201 -jar "$JAR" --server.port=8097 \
  --spring.threads.virtual.enabled=true > "$OUT/floor.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:8097/local"
BASE=http://127.0.0.1:8097
echo "== warming up for $WARMUP"
wrk -t2 -c64 -d"$WARMUP" "$BASE/apache?skus=SKU-1001" > /dev/null
wrk -t2 -c64 -d"$WARMUP" "$BASE/jdk?skus=SKU-1001" > /dev/null
declare -A R
for name in local apache jdk; do
  url="$BASE/$name?skus=SKU-1001"
  for c in 16 64; do R[$name,$c]=$(measure $c "$url"); echo "   $name c=$c: ${R[$name,$c]}"; done
done
for c in 16 64; do R[direct,$c]=$(measure $c "http://127.0.0.1:9201/inventory/availability?skus=SKU-1001"); echo "   nginx c=$c: ${R[direct,$c]}"; done

python3 - "$ROOT/bench/floor.md" "$("$JAVA" -version 2>&1 | head -1)" "$PRISM_JVM_OPTS" \
  "${R[local,16]}" "${R[local,64]}" "${R[apache,16]}" "${R[apache,64]}" "${R[jdk,16]}" "${R[jdk,64]}" \
  "${R[direct,16]}" "${R[direct,64]}" <<'PY'
import datetime, sys
out, java, opts, *figures = sys.argv[1:]
rows = [f.split() for f in figures]
names = ["Spring MVC, no upstream (`/local`)", "Spring MVC + one upstream call, Apache HttpClient 5 (`/apache`)",
         "Spring MVC + one upstream call, JDK HttpClient (`/jdk`)", "nginx direct"]
direct = float(rows[7][2])
lines = [
    "# The framework floor",
    "",
    f"Measured {datetime.date.today()} by `bench/floor.sh` ({java}, `{opts}`, virtual threads), loopback only, on the "
    "same two cores as wrk and nginx. The same stack as Prism (Spring Boot 4, Spring MVC on Tomcat, RestClient, "
    "Jackson 3) with none of Prism's work: no security, quotas, resilience, deadlines, validation, observations or "
    "access log. Compare with the partner endpoint in [results.md](results.md).",
    "",
    "| endpoint | p50 ms (16 conn.) | p99 ms (16 conn.) | req/s (64 conn.) | of nginx direct |",
    "|---|---|---|---|---|",
]
for i, name in enumerate(names):
    c16, c64 = rows[2 * i], rows[2 * i + 1]
    lines.append(f"| {name} | {float(c16[0]):.2f} | {float(c16[1]):.2f} | {float(c64[2]):.0f} | "
                 f"{100 * float(c64[2]) / direct:.0f} % |")
open(out, "w").write("\n".join(lines) + "\n")
print("== wrote bench/floor.md")
PY
