package dev.sluice.answers.scoring;

import dev.sluice.answers.messages.GeneratedAnswer;

/**
 * A question's keyed state in {@link AttemptDecider}: the best attempt so far, the highest attempt
 * seen and whether the question is decided. Once decided the answer text is dropped, keeping only
 * the marker that makes late duplicates recognisable. A Flink POJO (a record), no Kryo.
 *
 * @param bestAttempt 0 before the first scored attempt
 */
public record Progress(
        int bestAttempt, double bestScore, String bestAnswer, String bestModel, int attempts, boolean decided) {

    static Progress start() {
        return new Progress(0, -1, null, null, 0, false);
    }

    /** This progress after {@code answer} scored {@code score}; ties keep the earlier attempt. */
    Progress scored(GeneratedAnswer answer, double score) {
        int highest = Math.max(attempts, answer.attempt());
        if (bestAttempt == 0 || score > bestScore) {
            return new Progress(answer.attempt(), score, answer.answer(), answer.model(), highest, false);
        }
        return new Progress(bestAttempt, bestScore, bestAnswer, bestModel, highest, false);
    }

    Progress markDecided() {
        return new Progress(bestAttempt, bestScore, null, null, attempts, true);
    }
}
