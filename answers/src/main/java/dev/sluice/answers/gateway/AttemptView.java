package dev.sluice.answers.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One entry in a question's status, in the order things happened to the attempt: its failed LLM
 * calls that were retried, then its scored answer or its dead letter. Null fields are left out.
 *
 * @param attempt the generation attempt, from 1
 * @param score a scored answer's score ({@code outcome} "scored")
 * @param error "class: message" for a failure (kept for clients of the first version)
 * @param outcome scored, retried (the call failed and the task waits on a retry tier) or dead
 * @param errorClass overload, quota or empty for a retried call; a dead letter's class
 * @param message the failure's message
 * @param at when it happened: the call failed, the answer was generated, the question was dead-lettered
 * @param dueAt a retried call: when its task goes back to {@code questions.pending}, if known
 * @param retry a retried call: the how-manieth retry of this attempt it caused (overload and quota together)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptView(
        int attempt,
        Double score,
        Long latencyMs,
        String model,
        String error,
        String outcome,
        String errorClass,
        String message,
        Instant at,
        Instant dueAt,
        Integer retry) {
    public static final String SCORED = "scored";
    public static final String RETRIED = "retried";
    public static final String DEAD = "dead";

    /** The first version's shape: a scored answer, or a failure as "class: reason". */
    public AttemptView(int attempt, Double score, Long latencyMs, String model, String error) {
        this(attempt, score, latencyMs, model, error, null, null, null, null, null, null);
    }

    static AttemptView scored(int attempt, double score, long latencyMs, String model, Instant at) {
        return new AttemptView(attempt, score, latencyMs, model, null, SCORED, null, null, at, null, null);
    }

    static AttemptView retried(int attempt, String errorClass, String message, Instant at, Instant dueAt, int retry) {
        return new AttemptView(
                attempt, null, null, null, errorClass + ": " + message, RETRIED, errorClass, message, at, dueAt, retry);
    }

    static AttemptView dead(int attempt, String errorClass, String message, Instant at) {
        return new AttemptView(
                attempt, null, null, null, errorClass + ": " + message, DEAD, errorClass, message, at, null, null);
    }
}
