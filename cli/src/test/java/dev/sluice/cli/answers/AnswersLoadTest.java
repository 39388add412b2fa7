package dev.sluice.cli.answers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.cli.Main;
import dev.sluice.platform.test.ConsoleCapture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code sluice answers load --http}: the traffic generator's CLI against an HTTP endpoint that
 * answers like the gateway (202 for a new question, 200 for one it has seen), so the command's
 * wiring is checked without the whole stack (the generator itself: TrafficGeneratorTest; the
 * gateway: GatewayITCase).
 */
class AnswersLoadTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private HttpServer server;
    private final AtomicInteger posts = new AtomicInteger();
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/questions", exchange -> {
            JsonNode body = new ObjectMapper().readTree(exchange.getRequestBody());
            posts.incrementAndGet();
            boolean repeat = seen.putIfAbsent(body.path("id").asText(), true) != null;
            byte[] reply = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(repeat ? 200 : 202, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldSendTheQuestionsWithZipfRepeatsAndReportQueuedAndAnswered() throws Exception {
        int code = Main.run(
                "answers",
                "load",
                "--http",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "--questions",
                "120",
                "--rate",
                "400",
                "--arrival",
                "constant",
                "--popularity",
                "zipf",
                "--json");

        assertThat(code).as(console.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(console.lastOutLine());
        assertThat(summary.path("sent").asLong()).isEqualTo(120);
        assertThat(posts.get()).isEqualTo(120);
        assertThat(summary.path("queued").asLong()).isEqualTo(seen.size());
        assertThat(summary.path("answered_from_cache_or_store").asLong())
                .as("Zipf popularity repeats questions, which the gateway answers with 200")
                .isEqualTo(120 - seen.size())
                .isPositive();
        assertThat(summary.path("failed").asLong()).isZero();
    }

    @Test
    void shouldRefuseAnUnknownPopularityNamingTheOption() {
        int code = Main.run("answers", "load", "--http", "http://127.0.0.1:1", "--popularity", "pareto");

        assertThat(code).isNotZero();
        assertThat(console.err()).contains("--popularity").contains("uniform, zipf");
    }
}
