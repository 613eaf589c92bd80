# The JVM the benchmarks run on (sourced by common.sh and jmh.sh): BENCH_JAVA, else Java 25 when present (virtual
# threads, the JDK's AOT cache), else 21, else `java`.
JAVA=${BENCH_JAVA:-}
if [ -z "$JAVA" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/*25*/bin/java /usr/lib/jvm/*21*/bin/java; do
    [ -x "$candidate" ] && JAVA=$candidate && break
  done
fi
JAVA=${JAVA:-java}
