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

/** docker-compose.yml stays valid and only runs commands the CLI really has. */
class DockerComposeTest {
    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

    @Test
    void shouldOnlyRunSluiceCommandsThatExist() throws IOException {
        JsonNode services =
                new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
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
        for (List<String> profile : List.of(List.<String>of(), List.of("--profile", "ha"))) {
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
