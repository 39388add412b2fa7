package dev.sluice.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    record Question(
            @JsonProperty(required = true) String id, String text, int attempt, Instant createdAt, List<String> tags) {
        Question {
            Objects.requireNonNull(text, "text is required");
            if (attempt < 0) {
                throw new IllegalArgumentException("attempt must be >= 0, was " + attempt);
            }
        }
    }

    private final JsonSerde<Question> serde = JsonSerde.of(Question.class);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRoundTripARecordWithTimesAsIsoStrings() {
        Question q = new Question(
                "q-1", "Why is the sky blue?", 2, Instant.parse("2024-05-01T10:00:00.123Z"), List.of("physics"));

        byte[] bytes = serde.serializer().serialize("t", q);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"createdAt\":\"2024-05-01T10:00:00.123Z\"");
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(q);
        assertThat(serde.parse(bytes).value()).isEqualTo(q);
    }

    @Test
    void shouldIgnoreUnknownFieldsSoNewerProducersDoNotPoisonOlderConsumers() {
        Parsed<Question> parsed = serde.parse(utf8("{\"id\":\"q\",\"text\":\"t\",\"attempt\":1,\"addedLater\":true}"));

        assertThat(parsed.isOk()).as("reason: %s", parsed).isTrue();
        assertThat(parsed.value().id()).isEqualTo("q");
    }

    @Test
    void shouldGiveAReasonForMalformedJson() {
        Parsed<Question> parsed = serde.parse(utf8("{\"id\":\"q\", \"text\": "));

        assertThat(parsed.isOk()).isFalse();
        assertThat(parsed.reason()).startsWith("malformed JSON for Question").contains("line 1");
    }

    @Test
    void shouldGiveAReasonForTrailingGarbage() {
        Parsed<Question> parsed = serde.parse(utf8("{\"id\":\"q\",\"text\":\"t\",\"attempt\":1} trailing"));

        assertThat(parsed.isOk()).isFalse();
        assertThat(parsed.reason()).contains("Question");
    }

    @Test
    void shouldNameTheMissingRequiredField() {
        Parsed<Question> parsed = serde.parse(utf8("{\"text\":\"t\",\"attempt\":1}"));

        assertThat(parsed.isOk()).isFalse();
        assertThat(parsed.reason()).isEqualTo("invalid Question: missing required field 'id'");
    }

    @Test
    void shouldReportTheCompactConstructorsMessage() {
        Parsed<Question> negative = serde.parse(utf8("{\"id\":\"q\",\"text\":\"t\",\"attempt\":-1}"));
        Parsed<Question> noText = serde.parse(utf8("{\"id\":\"q\",\"attempt\":1}"));

        assertThat(negative.reason()).isEqualTo("invalid Question: attempt must be >= 0, was -1");
        assertThat(noText.reason()).isEqualTo("invalid Question: text is required");
    }

    @Test
    void shouldNameAFieldWithTheWrongType() {
        Parsed<Question> parsed = serde.parse(utf8("{\"id\":\"q\",\"text\":\"t\",\"attempt\":\"three\"}"));

        assertThat(parsed.isOk()).isFalse();
        assertThat(parsed.reason())
                .isEqualTo("invalid Question: field 'attempt' has value three which is not a valid int");
    }

    @Test
    void shouldRejectNullAndMissingPrimitivesInsteadOfDefaultingToZero() {
        Parsed<Question> explicitNull = serde.parse(utf8("{\"id\":\"q\",\"text\":\"t\",\"attempt\":null}"));
        Parsed<Question> absent = serde.parse(utf8("{\"id\":\"q\",\"text\":\"t\"}"));

        assertThat(explicitNull.reason())
                .isEqualTo("invalid Question: field 'attempt' is missing or null but needs a int value");
        assertThat(absent.reason())
                .as("absent primitive: %s", absent)
                .isEqualTo("invalid Question: field 'attempt' is missing or null but needs a int value");
    }

    @Test
    void shouldTreatEmptyAndNullPayloadsAsPoisonNotCrash() {
        assertThat(serde.parse(null).reason()).startsWith("empty payload");
        assertThat(serde.parse(new byte[0]).reason()).startsWith("empty payload");
        assertThat(serde.parse(utf8("null")).reason()).contains("JSON null");
        assertThat(serde.parse(utf8("[1,2]")).isOk()).isFalse();
        assertThat(serde.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}).isOk())
                .isFalse();
    }

    @Test
    void shouldThrowASerializationExceptionWithTheReasonFromTheKafkaDeserializer() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("questions.pending", utf8("{oops")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("questions.pending")
                .hasMessageContaining("malformed JSON");
        assertThat(serde.deserializer().deserialize("t", null))
                .as("tombstones stay null")
                .isNull();
    }

    @Test
    void shouldRefuseToHandOutAValueFromAFailure() {
        Parsed<Question> failed = serde.parse(utf8("{"));

        assertThatThrownBy(failed::value)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("malformed JSON");
        assertThat(failed.map(Question::id).isOk()).isFalse();
    }
}
