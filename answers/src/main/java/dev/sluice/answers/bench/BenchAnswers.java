package dev.sluice.answers.bench;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.messages.GeneratedAnswer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The generated answers the scoring benchmark feeds the job and raw inference: other questions' best answers as candidates. */
final class BenchAnswers {
    private BenchAnswers() {}

    /** Attempt-major: every question's attempt 1, then every attempt 2, ... as regenerations arrive in the pipeline. */
    public static List<GeneratedAnswer> answers(List<QaPair> pairs, int attempts, String idPrefix) {
        List<GeneratedAnswer> out = new ArrayList<>();
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        for (int a = 1; a <= attempts; a++) {
            for (int i = 0; i < pairs.size(); i++) {
                QaPair p = pairs.get(i);
                String candidate = pairs.get((i + a) % pairs.size()).bestAnswer();
                if (candidate.equals(p.bestAnswer())) {
                    candidate = candidate + " (attempt " + a + ")";
                }
                out.add(new GeneratedAnswer(
                        idPrefix + "-" + p.id(),
                        a,
                        p.title(),
                        p.content(),
                        p.bestAnswer(),
                        candidate,
                        "bench",
                        0,
                        0,
                        0,
                        t,
                        t));
            }
        }
        return out;
    }

    static GeneratedAnswer withId(GeneratedAnswer a, String questionId) {
        return copy(a, questionId, a.submittedAt(), a.generatedAt());
    }

    /** {@code a} as if submitted and generated at {@code at}: the latency runs stamp it when they produce it. */
    static GeneratedAnswer stamped(GeneratedAnswer a, Instant at) {
        return copy(a, a.questionId(), at, at);
    }

    private static GeneratedAnswer copy(
            GeneratedAnswer a, String questionId, Instant submittedAt, Instant generatedAt) {
        return new GeneratedAnswer(
                questionId,
                a.attempt(),
                a.title(),
                a.content(),
                a.bestAnswer(),
                a.answer(),
                a.model(),
                a.latencyMs(),
                a.overloadRetries(),
                a.quotaRetries(),
                submittedAt,
                generatedAt);
    }

    static double meanWords(List<GeneratedAnswer> answers) {
        return answers.stream()
                .mapToInt(a -> a.answer().split("\\s+").length)
                .average()
                .orElse(0);
    }
}
