# The Sluice CLI and services in one image. Build the jar first (./mvnw -DskipTests package),
# then: docker build -t sluice .
FROM eclipse-temurin:17-jre
# curl for docker-compose.yml's healthchecks (GET /ready); installed, not assumed from the base image
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/sluice
COPY cli/target/sluice.jar /opt/sluice/sluice.jar
ENV SLUICE_WORK_DIR=/var/lib/sluice
# Sluice binds 127.0.0.1 by default; in a container that is the container's own loopback, which a
# published port (-p 8080:8080) never reaches. Who may call the API is decided by the port mapping
# and SLUICE_HTTP_API_KEYS.
ENV SLUICE_HTTP_HOST=0.0.0.0
VOLUME /var/lib/sluice
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/sluice/sluice.jar"]
CMD ["--help"]
