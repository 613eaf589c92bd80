# syntax=docker/dockerfile:1
# Multi-stage build: compile with the Maven wrapper on a JDK, run the layered jar on a JRE as a non-root user, starting
# from the JDK's AOT cache (classes loaded and linked, and method profiles, from a training run on requests at build
# time: ready in about half the time, and the first requests faster).

FROM eclipse-temurin:25-jdk AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/prism-*.jar extract --layers --application-filename application.jar --destination target/extracted

FROM eclipse-temurin:25-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system prism \
 && useradd --system --gid prism --home-dir /app --shell /usr/sbin/nologin prism
WORKDIR /app
# Layers from least to most frequently changed, so a code change rebuilds only the last layer.
COPY --from=build /workspace/target/extracted/dependencies/ ./
COPY --from=build /workspace/target/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/target/extracted/application/ ./
# AOT cache training run (Java 25, JEP 483/514/515): Prism with the embedded demo serves 200 rounds of the three channels'
# requests (deploy/aot-train.sh), and the cache keeps the classes start-up and the request path loaded and linked and
# the methods' profiles: the first requests after a start are served by code the JIT has a head start on
# (bench/coldpath.sh: the first request 287 -> 123 ms, p50 of the first 50 1.50 -> 1.43 x one upstream call). It runs
# here, on the runtime image's own JVM and class path, as the cache requires; a cache that does not match is ignored
# with a warning, never fatal. Before the prod profile is set: prod refuses the demo.
COPY deploy/aot-train.sh /tmp/aot-train.sh
RUN sh /tmp/aot-train.sh application.jar prism.aot && rm /tmp/aot-train.sh
USER prism:prism
# The heap may take 60 % of the container's memory: after a sustained load the JVM keeps ~180 MB outside the heap (code
# cache, class metadata and the AOT cache's classes, threads; bench/README.md, "Where issue #21's targets stand"), and
# Serial GC, which the JVM picks below 2 GB, keeps the heap it grew to. At 75 % a 768 MiB limit left ~16 MiB.
ENV SPRING_PROFILES_ACTIVE=prod \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:AOTCache=prism.aot", "-jar", "application.jar"]
