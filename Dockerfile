# syntax=docker/dockerfile:1
# Multi-stage build: compile with the Maven wrapper on a JDK, run the layered jar on a JRE as a non-root user, starting
# from the JDK's AOT cache (classes loaded and linked in a training run at build time: ready in about half the time).

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
# AOT cache training run (Java 25, JEP 483/514): start the application context with the embedded demo, record the classes
# it loaded and linked, exit. It runs here, on the runtime image's own JVM and class path, as the cache requires; a cache
# that does not match is ignored with a warning, never fatal. Before the prod profile is set: prod refuses the demo.
RUN java -XX:AOTCacheOutput=prism.aot -Dspring.context.exit=onRefresh -jar application.jar \
 && test -s prism.aot
USER prism:prism
ENV SPRING_PROFILES_ACTIVE=prod \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:AOTCache=prism.aot", "-jar", "application.jar"]
