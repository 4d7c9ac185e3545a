# Build the jar first: mvn -B -DskipTests package
FROM eclipse-temurin:17-jre
WORKDIR /app
RUN useradd --system --uid 10001 dealflow
COPY target/dealflow-*.jar /app/dealflow.jar
USER dealflow
EXPOSE 8080
# The parallel collector: on 2 cores its young pauses were half as long as G1's and a deal cycle cost no more CPU,
# often less (ADR 0026, docs/benchmarks.md); the benchmark starts its node with these options too
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseParallelGC"
ENTRYPOINT ["java", "-jar", "/app/dealflow.jar"]
