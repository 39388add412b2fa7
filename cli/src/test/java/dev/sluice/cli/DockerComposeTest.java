package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker-compose.yml as a user runs it: valid for docker-compose, only commands the CLI really has,
 * every image pinned, every dependency waited for by health, the monitoring files well-formed. Whether
 * each metric the Grafana dashboard queries is really exposed is checked against a running stack in
 * {@link StackITCase}.
 */
class DockerComposeTest {
    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
    private static final Path PROMETHEUS = Path.of("..", "deploy", "prometheus", "prometheus.yml");
    private static final Path GRAFANA_DATASOURCE =
            Path.of("..", "deploy", "grafana", "provisioning", "datasources", "prometheus.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Read with SnakeYAML, which resolves the file's anchors, aliases and merge keys (Jackson's YAML parser does not). */
    private static JsonNode services() throws IOException {
        try (var in = java.nio.file.Files.newInputStream(COMPOSE)) {
            Object tree = new org.yaml.snakeyaml.Yaml().load(in);
            return new ObjectMapper().valueToTree(tree).get("services");
        }
    }

    @Test
    void shouldPinEveryImageToATag() throws IOException {
        List<String> images = new ArrayList<>();
        services().forEach(service -> images.add(service.path("image").asText("")));
        assertThat(images).doesNotContain("");
        for (String image : images) {
            String last = image.substring(image.lastIndexOf('/') + 1);
            assertThat(last).as(image + ": pin a version tag").contains(":");
            assertThat(last.substring(last.indexOf(':') + 1))
                    .as(image + ": pin a version tag")
                    .isNotIn("latest", "main", "edge", "");
        }
    }

    @Test
    void shouldGiveAHealthcheckToEveryServiceWaitedForAsHealthy() throws IOException {
        JsonNode services = services();
        List<String> waitedFor = new ArrayList<>();
        for (var it = services.fields(); it.hasNext(); ) {
            var service = it.next();
            JsonNode dependsOn = service.getValue().path("depends_on");
            assertThat(dependsOn.isArray())
                    .as(service.getKey() + ": depends_on with conditions, not a list (a list only waits for the start)")
                    .isFalse();
            for (var deps = dependsOn.fields(); deps.hasNext(); ) {
                var dep = deps.next();
                assertThat(services.has(dep.getKey()))
                        .as(service.getKey() + " depends on " + dep.getKey())
                        .isTrue();
                String condition = dep.getValue().path("condition").asText();
                assertThat(condition)
                        .as(service.getKey() + " -> " + dep.getKey())
                        .isIn("service_healthy", "service_started", "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    waitedFor.add(dep.getKey());
                    assertThat(services.get(dep.getKey())
                                    .path("healthcheck")
                                    .path("test")
                                    .isEmpty())
                            .as(dep.getKey() + " is waited for as healthy but has no healthcheck")
                            .isFalse();
                }
            }
        }
        assertThat(waitedFor).contains("kafka", "postgres", "jobmanager", "ollama", "sluice");
    }

    @Test
    void shouldCallTheModelOnlyAfterItIsPulled() throws IOException {
        JsonNode services = services();
        int callers = 0;
        for (var it = services.fields(); it.hasNext(); ) {
            var service = it.next();
            if (!service.getValue().path("command").toString().contains("\"ollama\"")) {
                continue;
            }
            callers++;
            assertThat(service.getValue()
                            .path("depends_on")
                            .path("ollama-pull")
                            .path("condition")
                            .asText())
                    .as(service.getKey() + " calls Ollama")
                    .isEqualTo("service_completed_successfully");
        }
        assertThat(callers).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldScrapeServicesThatExistOnTheirPorts() throws IOException {
        JsonNode prometheus = YAML.readTree(PROMETHEUS.toFile());
        JsonNode services = services();
        List<String> targets = new ArrayList<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
            job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
            job.path("dns_sd_configs")
                    .forEach(c -> c.path("names")
                            .forEach(n -> targets.add(
                                    n.asText() + ":" + c.path("port").asText())));
        }
        assertThat(targets).contains("sluice:8080");
        for (String target : targets) {
            String name = target.substring(0, target.indexOf(':'));
            String port = target.substring(target.indexOf(':') + 1);
            assertThat(services.has(name)).as(target).isTrue();
            String command = services.get(name).path("command").toString();
            // every Sluice process serves on 8080 unless its command sets http.port
            assertThat(command.contains("http.port=") ? command.contains("http.port=" + port) : port.equals("8080"))
                    .as(target + " vs " + command)
                    .isTrue();
        }
    }

    @Test
    void shouldProvisionADashboardOnTheProvisionedDatasource() throws IOException {
        String uid = YAML.readTree(GRAFANA_DATASOURCE.toFile())
                .path("datasources")
                .get(0)
                .path("uid")
                .asText();
        JsonNode dashboard = GrafanaDashboard.read();
        assertThat(dashboard.path("uid").asText()).isEqualTo("sluice");
        assertThat(GrafanaDashboard.expressions(dashboard))
                .hasSizeGreaterThanOrEqualTo(10)
                .doesNotContain("");
        dashboard
                .findValues("datasource")
                .forEach(ds -> assertThat(ds.path("uid").asText())
                        .as("datasource of a panel or target")
                        .isEqualTo(uid));
        assertThat(GrafanaDashboard.metricNames(dashboard))
                .contains(
                        "http_server_requests_seconds_count",
                        "answers_stored_total",
                        "answers_retries_total",
                        "sluice_worker_outcomes_total",
                        "orders_transitions_total",
                        "orders_emails_sent_total");
    }

    @Test
    void shouldOnlyRunSluiceCommandsThatExist() throws IOException {
        JsonNode services = services();
        int checked = 0;
        for (var it = services.fields(); it.hasNext(); ) {
            var service = it.next();
            JsonNode image = service.getValue().get("image");
            if (image == null || !image.asText().startsWith("sluice")) {
                continue;
            }
            List<String> args = new ArrayList<>();
            service.getValue().get("command").forEach(a -> args.add(a.asText()));
            // parses against the real command tree: an unknown command or option throws
            new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
            checked++;
        }
        assertThat(checked).as("sluice services in the compose file").isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldPassDockerComposeConfigWhereDockerComposeExists() throws Exception {
        List<String> command = composeCommand();
        assumeTrue(
                command != null,
                "no docker client with the compose plugin (or docker-compose) on this machine: `docker compose config` cannot run here");
        // docker-compose 1.29 (Debian's) knows profiles, --env-file and service_completed_successfully;
        // the file has no top-level `name:`, which it would reject
        for (List<String> profile : List.of(
                List.<String>of(),
                List.of("--profile", "load"),
                List.of("--env-file", Path.of("..", "deploy", "ha.env").toString(), "--profile", "ha"))) {
            List<String> full = new ArrayList<>(command);
            full.addAll(List.of("-f", COMPOSE.toString()));
            full.addAll(profile);
            full.addAll(List.of("config", "--quiet"));
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(profile + ": " + output).isZero();
        }
    }

    private static List<String> composeCommand() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            try {
                List<String> version = new ArrayList<>(candidate);
                version.add("version");
                Process p =
                        new ProcessBuilder(version).redirectErrorStream(true).start();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // not installed
            }
        }
        return null;
    }
}
