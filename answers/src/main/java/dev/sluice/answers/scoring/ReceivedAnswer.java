package dev.sluice.answers.scoring;

import dev.sluice.answers.messages.GeneratedAnswer;
import java.util.Objects;

/**
 * A parsed {@link GeneratedAnswer} with the coordinates of the record it came from, which a
 * scoring failure needs for its dead letter. A Flink POJO (records of POJO fields), no Kryo.
 */
public record ReceivedAnswer(GeneratedAnswer answer, String topic, int partition, long offset) {
    public ReceivedAnswer {
        Objects.requireNonNull(answer, "answer");
    }

    public String questionId() {
        return answer.questionId();
    }
}
