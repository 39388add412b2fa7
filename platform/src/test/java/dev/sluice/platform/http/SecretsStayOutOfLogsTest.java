package dev.sluice.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.platform.config.ConfigException;
import dev.sluice.platform.config.ConfigLoader;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.metrics.Metrics;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process configured with API keys and a database password, serving requests that carry right,
 * wrong and misplaced keys, writes none of them to its log. Sluice's loggers run at DEBUG here, the
 * others at the levels Sluice ships (Jetty at DEBUG would print raw request headers, keys included).
 */
class SecretsStayOutOfLogsTest {
    private static final Logger log = LoggerFactory.getLogger(SecretsStayOutOfLogsTest.class);

    private static final String KEY = "logtest-key-4f1c9a7e2b6d";
    private static final String OTHER_KEY = "logtest-key-8d3e6b1a9c0f";
    private static final String WRONG_KEY = "logtest-wrong-5a2c7e9f1b3d";
    private static final String PASSWORD = "logtest-db-pass-7c4e1a9f";

    @TempDir
    Path dir;

    /** Every event, formatted with the message, the MDC and the whole stack trace. */
    private static final class Captured extends AbstractAppender {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Captured() {
            super(
                    "secrets-capture",
                    null,
                    PatternLayout.newBuilder()
                            .withPattern("%-5level %c %X - %msg%n%throwable")
                            .build(),
                    true,
                    Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            lines.add(getLayout().toSerializable(event).toString());
        }

        String text() {
            return String.join("", lines);
        }
    }

    @Test
    void shouldWriteNoKeyOrPasswordToTheLog() throws Exception {
        Map<String, String> env = Map.of(
                "SLUICE_HTTP_API_KEYS",
                KEY + "," + OTHER_KEY,
                "SLUICE_DATABASE_PASSWORD",
                PASSWORD,
                "SLUICE_HTTP_PORT",
                "0");
        Captured captured = new Captured();
        LoggerContext context = LoggerContext.getContext(false);
        Configuration configuration = context.getConfiguration();
        LoggerConfig sluice = configuration.getLoggerConfig("dev.sluice");
        Level before = sluice.getLevel();
        captured.start();
        configuration.getRootLogger().addAppender(captured, Level.ALL, null);
        Configurator.setLevel("dev.sluice", Level.DEBUG);
        context.updateLoggers();
        try (Metrics metrics = Metrics.create()) {
            SluiceConfig config = ConfigLoader.load(Optional.empty(), env, Map.of("work-dir", dir.toString()));
            log.info("starting with {}", config);
            log.info("configuration:\n{}", config.describe());
            try {
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of("SLUICE_HTTP_API_KEYS", KEY + ",tooshort", "SLUICE_DATABASE_PASSWORD", PASSWORD),
                        Map.of("work-dir", dir.toString(), "--http.api-keys", OTHER_KEY));
            } catch (ConfigException e) {
                log.error("configuration refused", e);
            }

            Javalin app = HttpApp.create(config.http(), metrics.registry(), List.of(), routes -> {
                        routes.post("/things", ctx -> ctx.status(201).result("made"));
                        routes.get("/things/{id}", ctx -> ctx.result(ApiKeys.validKey(ctx) ? "full" : "masked"));
                        routes.get("/boom", ctx -> {
                            throw new IllegalStateException("the handler failed");
                        });
                    })
                    .start();
            try {
                String base = "http://127.0.0.1:" + app.port();
                assertThat(send(base, "POST", "/things", "Bearer " + KEY)).isEqualTo(201);
                assertThat(send(base, "POST", "/things", "Bearer " + OTHER_KEY)).isEqualTo(201);
                assertThat(send(base, "POST", "/things", "Bearer " + WRONG_KEY)).isEqualTo(403);
                assertThat(send(base, "POST", "/things", "Basic " + KEY)).isEqualTo(401);
                assertThat(send(base, "POST", "/things", null)).isEqualTo(401);
                assertThat(send(base, "GET", "/things/1", "Bearer " + KEY)).isEqualTo(200);
                assertThat(send(base, "GET", "/things/1?api_key=" + KEY, null)).isEqualTo(200);
                assertThat(send(base, "GET", "/things/1", "Bearer " + WRONG_KEY))
                        .isEqualTo(403);
                assertThat(send(base, "GET", "/boom", "Bearer " + KEY)).isEqualTo(500);
                assertThat(send(base, "GET", "/nowhere", "Bearer " + KEY)).isEqualTo(404);
                assertThat(send(base, "GET", "/health", "Bearer " + WRONG_KEY)).isEqualTo(200);
                // The request line is logged after the response is sent.
                Awaitility.await()
                        .atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(captured.text())
                                .contains("POST /things 201", "POST /things 403", "POST /things 401")
                                .contains("GET /things/1 200", "GET /things/1 403", "GET /boom 500")
                                .contains("GET /nowhere 404", "GET /health 200"));
            } finally {
                app.stop();
            }
        } finally {
            configuration.getRootLogger().removeAppender(captured.getName());
            Configurator.setLevel("dev.sluice", before);
            context.updateLoggers();
            captured.stop();
        }

        String logged = captured.text();
        assertThat(logged)
                .as("the capture saw the failure and the refused configuration, not only request lines")
                .contains("the handler failed", "configuration refused", "http.api-keys", "database.password");
        assertThat(logged).doesNotContain(KEY, OTHER_KEY, WRONG_KEY, PASSWORD);
    }

    private static int send(String base, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        method.equals("POST")
                                ? HttpRequest.BodyPublishers.ofString("{}")
                                : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header(ApiKeys.AUTHORIZATION, authorization);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
