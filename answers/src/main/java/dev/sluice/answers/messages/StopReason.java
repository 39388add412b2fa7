package dev.sluice.answers.messages;

import java.util.Arrays;

/**
 * Why a question's feedback loop ended, stored with its result ({@code answers.questions.stop_reason})
 * and shown by {@code GET /api/questions/{id}}. Every end but {@link #PASSED} keeps the best attempt so
 * far with {@code passed = false}.
 */
public enum StopReason {
    /** An attempt scored at or above the threshold. */
    PASSED("passed", "an attempt passed the threshold"),
    /** {@code answers.max-attempts} attempts were made. */
    MAX_ATTEMPTS("max-attempts", "attempt cap reached (answers.max-attempts)"),
    /** A regeneration came back the same or nearly the same as the answer before it. */
    NEAR_IDENTICAL(
            "near-identical", "the regeneration repeated the previous answer (answers.regeneration.near-identical)"),
    /** The job's regeneration budget was spent before this question's next attempt. */
    BUDGET_SPENT("budget-spent", "regeneration budget spent (answers.regeneration.budget)");

    private final String key;
    private final String description;

    StopReason(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The stored value. */
    public String key() {
        return key;
    }

    /** A sentence for people (logs, reports). */
    public String description() {
        return description;
    }

    /** @throws IllegalArgumentException naming the accepted keys */
    public static StopReason fromKey(String key) {
        return Arrays.stream(values())
                .filter(r -> r.key.equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("stop reason: unknown '" + key + "', accepted: "
                        + Arrays.stream(values()).map(StopReason::key).toList()));
    }
}
