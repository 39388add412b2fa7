package dev.sluice.answers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmHeaders;
import dev.sluice.answers.llm.LlmOutcome;
import dev.sluice.answers.llm.LlmProvider;
import dev.sluice.answers.llm.LlmRequest;
import dev.sluice.answers.llm.LlmSettings;
import dev.sluice.answers.llm.OllamaClient;
import dev.sluice.answers.llm.OpenAiCompatibleClient;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.test.Closer;
import dev.sluice.platform.test.ManualClock;
import dev.sluice.scoring.TokenF1;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LlmSimulatorTest {
    static final List<QaPair> PAIRS = SampleDataset.pairs(300, 42);
    static final ReferenceAnswers REFERENCES = ReferenceAnswers.fromPairs(PAIRS);
    static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    /** The yardstick for "closer to the reference": the pipeline's own token F1. */
    static final TokenF1 F1 = new TokenF1();

    @RegisterExtension
    final Closer closer = new Closer();

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private LlmSimulator start(SimulatorSettings settings, Delayer delayer, Clock clock) {
        return closer.closing(new LlmSimulator(settings, REFERENCES, delayer, clock).start());
    }

    private LlmSimulator start(SimulatorSettings settings) {
        return start(settings, Delayer.REAL, FIXED);
    }

    private LlmClient openAi(LlmSimulator sim) {
        return new OpenAiCompatibleClient(
                LlmSettings.local(LlmProvider.SIMULATOR, sim.baseUrl(), "any", Duration.ofSeconds(10)));
    }

    private LlmClient ollama(LlmSimulator sim) {
        return new OllamaClient(LlmSettings.local(LlmProvider.OLLAMA, sim.baseUrl(), "any", Duration.ofSeconds(10)));
    }

    private static LlmRequest ask(QaPair p, int attempt) {
        return new LlmRequest(p.id(), attempt, p.title(), p.content());
    }

    @Test
    void answersInBothProtocolsAndSaysItIsASimulator() throws Exception {
        LlmSimulator sim = start(SimulatorSettings.defaults(1).withQuality(QualityModel.PERFECT));
        QaPair p = PAIRS.get(0);
        for (LlmClient client : List.of(openAi(sim), ollama(sim))) {
            assertThat(client.complete(ask(p, 1))).isInstanceOfSatisfying(LlmOutcome.Answer.class, a -> {
                assertThat(a.model()).isEqualTo(SimulatorSettings.MODEL);
                assertThat(F1.score(p.bestAnswer(), a.text())).isGreaterThan(0.75);
            });
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> models = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(models.headers().firstValue(LlmHeaders.SIMULATOR)).contains("true");
        assertThat(Json.mapper().readTree(models.body()).at("/data/0/id").asText())
                .isEqualTo(SimulatorSettings.MODEL);
        HttpResponse<String> tags = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api/tags")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(Json.mapper().readTree(tags.body()).at("/models/0/name").asText())
                .isEqualTo(SimulatorSettings.MODEL);
    }

    @Test
    void overloadAboveCapacityIs503ForOpenAiAndServerBusyForOllama() {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        LlmSimulator sim = start(SimulatorSettings.defaults(1).withCapacity(2, 503), latency -> gate, FIXED);
        LlmClient client = openAi(sim);
        List<CompletableFuture<LlmOutcome>> held = List.of(
                CompletableFuture.supplyAsync(() -> client.complete(ask(PAIRS.get(0), 1)), pool),
                CompletableFuture.supplyAsync(() -> client.complete(ask(PAIRS.get(1), 1)), pool));
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.inFlight() == 2);

        assertThat(client.complete(ask(PAIRS.get(2), 1)))
                .isInstanceOfSatisfying(
                        LlmOutcome.Overload.class,
                        o -> assertThat(o.httpStatus()).isEqualTo(503));
        assertThat(ollama(sim).complete(ask(PAIRS.get(2), 1)))
                .isInstanceOfSatisfying(
                        LlmOutcome.Overload.class, o -> assertThat(o.reason()).contains("server busy"));

        gate.complete(null);
        assertThat(held).allSatisfy(f -> assertThat(f.join()).isInstanceOf(LlmOutcome.Answer.class));
        assertThat(sim.stats().overloaded()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.inFlight() == 0);
    }

    @Test
    void overloadAs429IsARateLimitNotAQuota() {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        LlmSimulator sim = start(SimulatorSettings.defaults(1).withCapacity(1, 429), latency -> gate, FIXED);
        LlmClient client = openAi(sim);
        CompletableFuture<LlmOutcome> held =
                CompletableFuture.supplyAsync(() -> client.complete(ask(PAIRS.get(0), 1)), pool);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.inFlight() == 1);
        assertThat(client.complete(ask(PAIRS.get(1), 1)))
                .isInstanceOfSatisfying(
                        LlmOutcome.Overload.class,
                        o -> assertThat(o.httpStatus()).isEqualTo(429));
        gate.complete(null);
        assertThat(held.join()).isInstanceOf(LlmOutcome.Answer.class);
    }

    @Test
    void emptyQuotaBucketIs429InsufficientQuotaWithRetryAfterAndRefillsWithTime() {
        ManualClock clock = new ManualClock(FIXED.instant());
        LlmSimulator sim = start(SimulatorSettings.defaults(1).withQuota(2, 2), Delayer.REAL, clock);
        LlmClient client = openAi(sim);
        assertThat(client.complete(ask(PAIRS.get(0), 1))).isInstanceOf(LlmOutcome.Answer.class);
        assertThat(client.complete(ask(PAIRS.get(1), 1))).isInstanceOf(LlmOutcome.Answer.class);
        assertThat(client.complete(ask(PAIRS.get(2), 1))).isInstanceOfSatisfying(LlmOutcome.Quota.class, q -> {
            assertThat(q.httpStatus()).isEqualTo(429);
            assertThat(q.retryAfter()).contains(Duration.ofMillis(500));
            assertThat(q.reason()).contains("insufficient_quota");
        });
        assertThat(ollama(sim).complete(ask(PAIRS.get(2), 1))).isInstanceOf(LlmOutcome.Quota.class);

        clock.advance(Duration.ofMillis(500));
        assertThat(client.complete(ask(PAIRS.get(2), 1))).isInstanceOf(LlmOutcome.Answer.class);
        assertThat(sim.stats().quotaRejected()).isEqualTo(2);
    }

    @Test
    void aStormAnswers503And429InTurnUntilItEnds() throws Exception {
        ManualClock clock = new ManualClock(FIXED.instant());
        LlmSimulator sim = start(SimulatorSettings.defaults(1), Delayer.REAL, clock);
        LlmClient client = openAi(sim);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> bad = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/simulator/storm?seconds=zero"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("seconds");
        HttpResponse<String> ok = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/simulator/storm?seconds=10"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);

        List<LlmOutcome> storm = List.of(
                client.complete(ask(PAIRS.get(0), 1)),
                client.complete(ask(PAIRS.get(1), 1)),
                client.complete(ask(PAIRS.get(2), 1)),
                client.complete(ask(PAIRS.get(3), 1)));
        assertThat(storm).filteredOn(LlmOutcome.Overload.class::isInstance).hasSize(2);
        assertThat(storm).filteredOn(LlmOutcome.Quota.class::isInstance).hasSize(2);

        clock.advance(Duration.ofSeconds(10));
        assertThat(client.complete(ask(PAIRS.get(0), 1))).isInstanceOf(LlmOutcome.Answer.class);
        assertThat(sim.stats().overloaded() + sim.stats().quotaRejected()).isEqualTo(4);
    }

    @Test
    void fatalRateAnswers400AndClientsNeverRetryIt() {
        LlmSimulator sim = start(SimulatorSettings.defaults(1).withErrorRates(1.0, 0));
        assertThat(openAi(sim).complete(ask(PAIRS.get(0), 1))).isInstanceOfSatisfying(LlmOutcome.Fatal.class, f -> {
            assertThat(f.httpStatus()).isEqualTo(400);
            assertThat(f.reason()).contains("simulated");
        });
        assertThat(ollama(sim).complete(ask(PAIRS.get(0), 1))).isInstanceOf(LlmOutcome.Fatal.class);
    }

    @Test
    void emptyRateAnswers200WithoutContent() {
        LlmSimulator sim = start(SimulatorSettings.defaults(1).withErrorRates(0, 1.0));
        assertThat(openAi(sim).complete(ask(PAIRS.get(0), 1))).isInstanceOf(LlmOutcome.Empty.class);
        assertThat(ollama(sim).complete(ask(PAIRS.get(0), 1))).isInstanceOf(LlmOutcome.Empty.class);
    }

    @Test
    void qualityImprovesWithTheAttemptOnAverage() {
        LlmSimulator sim = start(SimulatorSettings.defaults(7));
        LlmClient client = openAi(sim);
        double first = meanF1(client, 1);
        double later = meanF1(client, 3);
        assertThat(later).isGreaterThan(first + 0.15);
        assertThat(first).isBetween(0.2, 0.8);
    }

    private double meanF1(LlmClient client, int attempt) {
        return PAIRS.subList(0, 120).stream()
                .mapToDouble(p -> {
                    LlmOutcome.Answer a = (LlmOutcome.Answer) client.complete(ask(p, attempt));
                    return F1.score(p.bestAnswer(), a.text());
                })
                .average()
                .orElseThrow();
    }

    @Test
    void sameSeedGivesSameAnswersAndFates() {
        SimulatorSettings settings = SimulatorSettings.defaults(99).withErrorRates(0.1, 0.1);
        List<String> a = outcomes(openAi(start(settings)));
        List<String> b = outcomes(openAi(start(settings)));
        List<String> c = outcomes(openAi(start(SimulatorSettings.defaults(100).withErrorRates(0.1, 0.1))));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(a).anyMatch(s -> s.startsWith("Fatal")).anyMatch(s -> s.startsWith("Empty"));
    }

    private List<String> outcomes(LlmClient client) {
        List<String> out = new ArrayList<>();
        for (QaPair p : PAIRS.subList(0, 40)) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                LlmOutcome o = client.complete(ask(p, attempt));
                out.add(
                        o instanceof LlmOutcome.Answer x
                                ? "Answer " + x.text()
                                : o instanceof LlmOutcome.Fatal
                                        ? "Fatal"
                                        : o instanceof LlmOutcome.Empty ? "Empty" : o.toString());
            }
        }
        return out;
    }

    @Test
    void malformedRequestIs400NamingTheField() throws Exception {
        LlmSimulator sim = start(SimulatorSettings.defaults(1));
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"x\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(r.body()).at("/error/param").asText()).isEqualTo("messages");
    }

    @Test
    void unknownPathsWrongMethodsAndHugeBodiesGetClearErrors() throws Exception {
        LlmSimulator sim = start(SimulatorSettings.defaults(1));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> missing = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/embeddings"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(missing.body()).at("/error/message").asText())
                .contains("/v1/embeddings", "/v1/chat/completions");
        assertThat(missing.headers().firstValue(LlmHeaders.SIMULATOR)).contains("true");

        HttpResponse<String> get = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");

        String huge = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat((int) LlmSimulator.MAX_BODY_BYTES) + "\"}]}";
        HttpResponse<String> tooBig = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(huge))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(sim.stats().answered()).isZero();
    }
}
