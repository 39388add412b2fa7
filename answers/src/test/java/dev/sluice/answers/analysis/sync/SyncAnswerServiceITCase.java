package dev.sluice.answers.analysis.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.LlmChoice;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.gateway.QuestionRequest;
import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmClients;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.answers.regeneration.RegenerationPolicy;
import dev.sluice.answers.regeneration.RegenerationSettings;
import dev.sluice.answers.retry.RetryPolicy;
import dev.sluice.answers.scoring.BatchScorer;
import dev.sluice.answers.scoring.ScorerKind;
import dev.sluice.answers.simulator.Delayer;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.answers.storage.AnswersStore;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.test.ManualClock;
import dev.sluice.platform.test.PostgresExtension;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The synchronous baseline against a real LLM simulator (over HTTP) and a real PostgreSQL: one
 * request answers, scores and stores a question; an overload is retried inside the request.
 */
class SyncAnswerServiceITCase {
    @RegisterExtension
    static PostgresExtension postgres = new PostgresExtension();

    private static final List<QaPair> DATA = List.of(
            new QaPair("q-sky", "Why is the sky blue?", "", "Rayleigh scattering of sunlight by the air.", "Science"),
            new QaPair("q-tea", "How long to steep green tea?", "", "About two to three minutes at 80 C.", "Food"));

    private static DataSource db;

    @BeforeAll
    static void schema() {
        db = postgres.database().dataSource();
        Migrations.apply(db, "answers");
    }

    @Test
    void shouldAnswerScoreAndStoreAQuestionInOneRequest() throws Exception {
        try (LlmSimulator simulator =
                        new LlmSimulator(SimulatorSettings.defaults(7), ReferenceAnswers.fromPairs(DATA)).start();
                LlmClient llm = client(simulator)) {
            SyncAnswerService service = service(llm, Clock.systemUTC(), SyncAnswerService.Sleeper.REAL);
            Javalin app = HttpApp.create(
                            new HttpSettings(0, 1 << 20),
                            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                            List.of(),
                            new SyncAnswerRoutes(service)::register)
                    .start();
            try {
                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/api/questions"))
                                        .header("Content-Type", "application/json")
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        "{\"id\":\"q-sky\",\"title\":\"Why is the sky blue?\","
                                                                + "\"bestAnswer\":\"Rayleigh scattering of sunlight by the air.\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());

                // the answer comes back in the response, not as a 202 to poll
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains("\"status\":\"validated\"", "\"passed\":true");
                // and it was stored before the response: the row and its scored attempt are there now
                assertThat(query("SELECT count(*) FROM answers.questions WHERE question_id = 'q-sky' AND passed"))
                        .isEqualTo(1);
                assertThat(query("SELECT count(*) FROM answers.attempts WHERE question_id = 'q-sky'"
                                + " AND metric = 'token_f1' AND score BETWEEN 0 AND 1"))
                        .isEqualTo(1);
                assertThat(service.llmCalls()).isEqualTo(1);
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void shouldRetryAnOverloadInsideTheRequest() throws Exception {
        ManualClock clock = ManualClock.at("2024-05-01T10:00:00Z");
        try (LlmSimulator simulator = new LlmSimulator(
                                SimulatorSettings.defaults(7), ReferenceAnswers.fromPairs(DATA), Delayer.REAL, clock)
                        .start();
                LlmClient llm = client(simulator)) {
            // every call fails (503 and 429 in turn) for the next 2 s of the clock; each in-line backoff
            // the service sleeps moves the clock on, so the storm ends after a few retries, without waiting
            simulator.storm(Duration.ofSeconds(2));
            SyncAnswerService service = service(llm, clock, clock::advance);

            ValidatedAnswer answer = service.answer(new QuestionRequest(
                    "q-tea", "How long to steep green tea?", "", DATA.get(1).bestAnswer()));

            assertThat(answer.attempts()).isEqualTo(1);
            assertThat(service.llmCalls())
                    .as("calls: the overloaded ones and the answered one")
                    .isGreaterThan(1);
            assertThat(query("SELECT overload_retries FROM answers.attempts WHERE question_id = 'q-tea'"))
                    .as("overload retries spent inside the request")
                    .isGreaterThanOrEqualTo(1);
            assertThat(query("SELECT count(*) FROM answers.questions WHERE question_id = 'q-tea'"))
                    .isEqualTo(1);
            assertThat(simulator.stats().overloaded()).isGreaterThanOrEqualTo(1);
        }
    }

    private static SyncAnswerService service(LlmClient llm, Clock clock, SyncAnswerService.Sleeper sleeper) {
        BatchScorer scorer = ScorerKind.TOKEN_F1.create();
        scorer.open(1);
        return new SyncAnswerService(
                llm,
                scorer,
                new RegenerationPolicy(0.0, 3, RegenerationSettings.DEFAULTS),
                RetryPolicy.Settings.defaults(),
                new AnswersStore(db),
                Duration.ofMinutes(10),
                clock,
                sleeper,
                42);
    }

    private static LlmClient client(LlmSimulator simulator) {
        return LlmClients.create(new LlmChoice.Simulator(SimulatorSettings.defaults(7), DATA, Duration.ofSeconds(10), 4)
                .settingsAt(simulator.baseUrl()));
    }

    private static long query(String sql) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).as("a row for: " + sql).isTrue();
            return rs.getLong(1);
        }
    }
}
