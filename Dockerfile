# The Sluice CLI and services in one image. Build the jar first (./mvnw -DskipTests package),
# then: docker build -t sluice .
FROM eclipse-temurin:17-jre
WORKDIR /opt/sluice
COPY cli/target/sluice.jar /opt/sluice/sluice.jar
ENV SLUICE_WORK_DIR=/var/lib/sluice
VOLUME /var/lib/sluice
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/sluice/sluice.jar"]
CMD ["--help"]
