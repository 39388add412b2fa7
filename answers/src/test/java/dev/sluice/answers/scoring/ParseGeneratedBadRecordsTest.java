package dev.sluice.answers.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.platform.kafka.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scoring job's edge of the bad-input suite (docs/architecture.md, "Bad input"): garbage on
 * {@code answers.generated} becomes a dead letter with the reason and its origin, small enough for
 * the DLQ sink, and a valid answer after it is parsed. {@code ScoringJobITCase} runs not-JSON and
 * wrong-shape records through the whole job; these cases need no cluster.
 */
class ParseGeneratedBadRecordsTest {
    private static final JsonSerde<GeneratedAnswer> ANSWERS = JsonSerde.of(GeneratedAnswer.class);
    private static final JsonSerde<DeadLetter> LETTERS = JsonSerde.of(DeadLetter.class);
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<Arguments> badValues() {
        String valid = new String(ANSWERS.toBytes(answer()), StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("empty value", new byte[0], "empty payload"),
                Arguments.of("null value", null, "empty payload"),
                Arguments.of("not JSON", utf8("{not json"), "malformed JSON"),
                Arguments.of("JSON null", utf8("null"), "JSON null"),
                Arguments.of("a JSON array", utf8("[" + valid + "]"), "GeneratedAnswer"),
                Arguments.of("invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"'}, "GeneratedAnswer"),
                Arguments.of("NUL bytes", new byte[1_000], "GeneratedAnswer"),
                Arguments.of(
                        "blank answer", utf8(valid.replace("\"answer\":\"Rayleigh\"", "\"answer\":\" \"")), "answer"),
                Arguments.of(
                        "attempt beyond int", utf8(valid.replace("\"attempt\":1", "\"attempt\":99999999999")), null),
                Arguments.of("huge value of quotes", utf8("\"".repeat(900_000)), null),
                Arguments.of("huge value of NUL bytes", new byte[900_000], null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void shouldDeadLetterABadRecordWithItsReasonAndParseTheNextOne(String name, byte[] value, String words)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, ReceivedAnswer> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ParseGenerated())) {
            harness.processElement(new RawRecord(AnswersTopics.GENERATED, 2, 41, value), 0);
            harness.processElement(new RawRecord(AnswersTopics.GENERATED, 2, 42, ANSWERS.toBytes(answer())), 0);

            List<DeadLetter> dead = harness.getSideOutput(DeadLetters.TAG).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertThat(dead).as(name).singleElement().satisfies(d -> {
                assertThat(d.errorClass()).isEqualTo(DeadLetters.POISON);
                assertThat(d.originalTopic()).isEqualTo(AnswersTopics.GENERATED);
                assertThat(d.originalPartition()).isEqualTo(2);
                assertThat(d.originalOffset()).isEqualTo(41);
                assertThat(d.reason()).isNotBlank();
                if (words != null) {
                    assertThat(d.reason()).contains(words);
                }
                assertThat(LETTERS.toBytes(d).length)
                        .as("the dead letter fits in one produce request")
                        .isLessThan(1 << 20);
            });
            assertThat(harness.extractOutputValues())
                    .as("the valid answer after %s", name)
                    .singleElement()
                    .satisfies(r -> assertThat(r.offset()).isEqualTo(42));
        }
    }

    private static GeneratedAnswer answer() {
        return new GeneratedAnswer(
                "q1", 1, "Why is the sky blue?", "", "Rayleigh scattering", "Rayleigh", "sim", 10, 0, 0, T, T);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
