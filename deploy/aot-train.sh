#!/usr/bin/env sh
# The JDK AOT cache's training run (Java 25, JEP 483/514/515), trained on requests rather than on start-up alone:
#
#   deploy/aot-train.sh <application.jar> <cache file> [Prism arguments...]
#
# starts Prism with -XX:AOTCacheOutput on a loopback port (PRISM_TRAINING_PORT, 18080), waits for readiness, sends
# PRISM_TRAINING_REQUESTS (200) rounds of the three channels' requests — a mobile product, a partner availability and
# a web product page — then stops it (SIGTERM: the JVM writes the cache as it exits, with the classes the request
# path loaded and linked and its methods' profiles, which the deployed JVM's JIT starts from). A request that fails
# fails the training. By default Prism runs in profile demo with its embedded demo upstreams and the demo identity
# provider off (the arguments may point it elsewhere: bench/coldpath.sh does). The Dockerfile runs it on the runtime
# image's own JVM and class path, as the cache requires; POSIX sh and curl only.
set -eu
JAR=$1
CACHE=$2
shift 2
PORT=${PRISM_TRAINING_PORT:-18080}
ROUNDS=${PRISM_TRAINING_REQUESTS:-200}
JAVA=${JAVA:-java}
BASE=http://127.0.0.1:$PORT

# Prism's own defaults for the training, unless PRISM_TRAINING_ARGS replaces them (a key given twice would be bound as
# "false,false"): no demo identity provider, no access log.
DEFAULTS=${PRISM_TRAINING_ARGS-"--prism.demo.identity-provider.enabled=false --logging.level.prism.access=warn"}
# shellcheck disable=SC2086 # the defaults' words, split on purpose
"$JAVA" ${PRISM_TRAINING_JVM_OPTS:-} -XX:AOTCacheOutput="$CACHE" -jar "$JAR" --server.address=127.0.0.1 \
  --server.port="$PORT" $DEFAULTS "$@" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT

tries=0
until curl -fsS -o /dev/null "$BASE/actuator/health/readiness" 2>/dev/null; do
  tries=$((tries + 1))
  if [ $tries -gt 240 ] || ! kill -0 $PID 2>/dev/null; then
    echo "aot-train.sh: Prism did not get ready" >&2
    exit 1
  fi
  sleep 0.5
done

TOKEN=$(curl -fsS -X POST "$BASE/demo/mobile-token" -H 'Content-Type: application/json' \
  -d '{"customerId":"c-1001"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
i=0
while [ $i -lt "$ROUNDS" ]; do
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'X-App-Version: 9.9.9' \
    "$BASE/mobile/api/products/SKU-1001"
  curl -fsS -o /dev/null -H 'X-Api-Key: acme-demo-key' "$BASE/partner/api/v1/availability?skus=SKU-1001,SKU-1002"
  curl -fsS -o /dev/null "$BASE/web/api/products/SKU-1001"
  i=$((i + 1))
done

kill -TERM $PID
wait $PID || true
trap - EXIT
test -s "$CACHE" || { echo "aot-train.sh: no AOT cache was written to $CACHE" >&2; exit 1; }
echo "aot-train.sh: $CACHE trained on $ROUNDS rounds of requests"
