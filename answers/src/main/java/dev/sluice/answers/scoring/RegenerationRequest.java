package dev.sluice.answers.scoring;

import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.ValidatedAnswer;
import java.util.Objects;

/**
 * The decider asking for a question's next attempt: {@code task} goes to {@code questions.pending}
 * if {@link RegenerationBudget} grants it, {@code ifRefused} (the best attempt so far, stop reason
 * {@code budget-spent}) to {@code answers.validated} if not. A Flink POJO (a record of POJOs), no Kryo.
 */
public record RegenerationRequest(QuestionTask task, ValidatedAnswer ifRefused) {
    public RegenerationRequest {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(ifRefused, "ifRefused");
    }
}
