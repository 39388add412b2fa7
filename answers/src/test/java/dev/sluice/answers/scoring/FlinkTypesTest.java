package dev.sluice.answers.scoring;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.ValidatedAnswer;
import org.junit.jupiter.api.Test;

/** Every type that crosses an operator boundary or sits in state is a Flink POJO, never Kryo. */
class FlinkTypesTest {

    @Test
    void streamAndStateTypesAreSerializedAsPojosWithoutKryo() {
        assertSerializedAsPojoWithoutKryo(RawRecord.class);
        assertSerializedAsPojoWithoutKryo(GeneratedAnswer.class);
        assertSerializedAsPojoWithoutKryo(ReceivedAnswer.class);
        assertSerializedAsPojoWithoutKryo(Progress.class);
        assertSerializedAsPojoWithoutKryo(ReferenceVectors.class);
        assertSerializedAsPojoWithoutKryo(ScoredAttempt.class);
        assertSerializedAsPojoWithoutKryo(ValidatedAnswer.class);
        assertSerializedAsPojoWithoutKryo(QuestionTask.class);
        assertSerializedAsPojoWithoutKryo(DeadLetter.class);
        assertSerializedAsPojoWithoutKryo(RegenerationRequest.class);
    }
}
