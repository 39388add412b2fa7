package dev.sluice.answers.gateway;

import dev.sluice.platform.http.BadRequest;
import java.util.List;

/** {@code {"questions":[...]}}: several questions in one request, each handled as if posted alone. */
public record BatchRequest(List<QuestionRequest> questions) {
    public static final int MAX_QUESTIONS = 1_000;

    public BatchRequest {
        if (questions == null || questions.isEmpty()) {
            throw BadRequest.field("questions", "must be a non-empty array of questions, e.g. [{\"title\":\"...\"}]");
        }
        if (questions.size() > MAX_QUESTIONS) {
            throw BadRequest.field(
                    "questions",
                    "has " + questions.size() + " questions; send at most " + MAX_QUESTIONS + " per request");
        }
        for (int i = 0; i < questions.size(); i++) {
            if (questions.get(i) == null) {
                throw BadRequest.field("questions[" + i + "]", "must be a question object, not null");
            }
        }
        questions = List.copyOf(questions);
    }
}
