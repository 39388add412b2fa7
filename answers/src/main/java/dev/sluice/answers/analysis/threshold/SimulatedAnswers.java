package dev.sluice.answers.analysis.threshold;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmClients;
import dev.sluice.answers.llm.LlmOutcome;
import dev.sluice.answers.llm.LlmProvider;
import dev.sluice.answers.llm.LlmRequest;
import dev.sluice.answers.llm.LlmSettings;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.QualityModel;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The simulator's first-attempt answer to every question, of each quality kind: one {@link
 * LlmSimulator} per kind (its quality model forced to that kind, no latency, no errors), asked over
 * HTTP by the pipeline's own OpenAI-compatible client, so the text is exactly what the pipeline's
 * workers would receive. Seeded by (seed, question, attempt) inside the simulator: the same run
 * gives the same texts, and a default-quality simulator with the same seed writes, for a question
 * it draws as near, the very text the near simulator wrote.
 */
public final class SimulatedAnswers {
    private SimulatedAnswers() {}

    /** The quality model that makes a simulator answer every first attempt with {@code kind}. */
    static QualityModel forced(QualityModel.Kind kind) {
        return switch (kind) {
            case NEAR -> new QualityModel(1, 0, 0);
            case PARTIAL -> new QualityModel(0, 1, 0);
            case OFF_TOPIC -> new QualityModel(0, 0, 0);
        };
    }

    /** Answer text per kind, in question order. */
    public static Map<QualityModel.Kind, List<String>> ask(List<QaPair> questions, long seed) throws Exception {
        ReferenceAnswers references = ReferenceAnswers.fromPairs(questions);
        Map<QualityModel.Kind, List<String>> out = new EnumMap<>(QualityModel.Kind.class);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (QualityModel.Kind kind : QualityModel.Kind.values()) {
                SimulatorSettings settings = SimulatorSettings.defaults(seed).withQuality(forced(kind));
                try (LlmSimulator sim = new LlmSimulator(settings, references).start();
                        LlmClient client = LlmClients.create(LlmSettings.local(
                                LlmProvider.SIMULATOR,
                                sim.baseUrl(),
                                SimulatorSettings.MODEL,
                                Duration.ofSeconds(30)))) {
                    List<Future<String>> answers = new ArrayList<>();
                    for (QaPair q : questions) {
                        answers.add(pool.submit(() -> text(client, q)));
                    }
                    List<String> texts = new ArrayList<>(answers.size());
                    for (Future<String> f : answers) {
                        texts.add(f.get());
                    }
                    out.put(kind, List.copyOf(texts));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static String text(LlmClient client, QaPair q) {
        LlmOutcome outcome = client.complete(new LlmRequest(q.id(), 1, q.title(), q.content()));
        if (outcome instanceof LlmOutcome.Answer a) {
            return a.text();
        }
        throw new IllegalStateException(
                "the simulator (no errors configured) did not answer question " + q.id() + ": " + outcome);
    }
}
