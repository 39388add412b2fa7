package dev.sluice.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {
    private static final String DLQ = "things.dlq";
    private static final int ONE_MIB = 1024 * 1024;

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, Headers headers) {
        return new ConsumerRecord<>(
                "things", 2, 41L, 0L, TimestampType.CREATE_TIME, -1, -1, key, value, headers, Optional.empty());
    }

    private static Headers reasonFor(ConsumerRecord<byte[], byte[]> original) {
        RecordHeaders headers = new RecordHeaders(original.headers().toArray());
        headers.add("sluice.dlq.reason", utf8("not JSON"));
        headers.add("sluice.original.offset", utf8(Long.toString(original.offset())));
        return headers;
    }

    @Test
    void aSmallRecordIsCopiedWholeWithTheGivenHeaders() {
        RecordHeaders originalHeaders = new RecordHeaders();
        originalHeaders.add("trace", utf8("abc"));
        ConsumerRecord<byte[], byte[]> original = record(utf8("k"), utf8("not json"), originalHeaders);

        ProducerRecord<byte[], byte[]> letter = DeadLetterRecords.of(DLQ, original, reasonFor(original));

        assertThat(letter.topic()).isEqualTo(DLQ);
        assertThat(letter.partition()).isNull();
        assertThat(letter.key()).isEqualTo(utf8("k"));
        assertThat(letter.value()).isEqualTo(utf8("not json"));
        assertThat(text(letter.headers(), "trace")).isEqualTo("abc");
        assertThat(text(letter.headers(), "sluice.dlq.reason")).isEqualTo("not JSON");
        assertThat(letter.headers().lastHeader(DeadLetterRecords.DROPPED)).isNull();
    }

    @Test
    void nullKeyAndValueAreCopiedAsNull() {
        ConsumerRecord<byte[], byte[]> original = record(null, null, new RecordHeaders());

        ProducerRecord<byte[], byte[]> letter = DeadLetterRecords.of(DLQ, original, reasonFor(original));

        assertThat(letter.key()).isNull();
        assertThat(letter.value()).isNull();
        assertThat(letter.headers().lastHeader(DeadLetterRecords.DROPPED)).isNull();
    }

    @Test
    void aRecordExactlyAtTheLimitIsKept() {
        byte[] key = utf8("key");
        byte[] value = new byte[DeadLetterRecords.MAX_KEPT_BYTES - key.length];
        ConsumerRecord<byte[], byte[]> original = record(key, value, new RecordHeaders());

        ProducerRecord<byte[], byte[]> letter = DeadLetterRecords.of(DLQ, original, reasonFor(original));

        assertThat(letter.value()).hasSize(value.length);
        assertThat(letter.headers().lastHeader(DeadLetterRecords.DROPPED)).isNull();
    }

    @Test
    void aRecordNearTheBrokerLimitLeavesKeyAndValueOutAndSaysSo() {
        byte[] value = new byte[ONE_MIB - 100];
        ConsumerRecord<byte[], byte[]> original = record(utf8("k"), value, new RecordHeaders());

        ProducerRecord<byte[], byte[]> letter = DeadLetterRecords.of(DLQ, original, reasonFor(original));

        assertThat(letter.topic()).isEqualTo(DLQ);
        assertThat(letter.key()).isNull();
        assertThat(letter.value()).isNull();
        assertThat(text(letter.headers(), "sluice.dlq.reason")).isEqualTo("not JSON");
        assertThat(text(letter.headers(), "sluice.original.offset")).isEqualTo("41");
        assertThat(text(letter.headers(), DeadLetterRecords.DROPPED))
                .contains("key of 1 bytes")
                .contains("value of " + value.length + " bytes")
                .contains("original offset");
        assertThat(headerBytes(letter.headers())).isLessThan(DeadLetterRecords.MAX_KEPT_BYTES);
    }

    /** Big original headers count too: key and value that fit alone do not fit next to them. */
    @Test
    void theOriginalHeadersCountTowardsTheLimit() {
        RecordHeaders originalHeaders = new RecordHeaders();
        originalHeaders.add("blob", new byte[DeadLetterRecords.MAX_KEPT_BYTES / 2]);
        byte[] value = new byte[DeadLetterRecords.MAX_KEPT_BYTES / 2 + 1];
        ConsumerRecord<byte[], byte[]> original = record(null, value, originalHeaders);

        ProducerRecord<byte[], byte[]> letter = DeadLetterRecords.of(DLQ, original, reasonFor(original));

        assertThat(letter.value()).isNull();
        assertThat(letter.headers().lastHeader(DeadLetterRecords.DROPPED)).isNotNull();
    }

    private static long headerBytes(Headers headers) {
        long size = 0;
        for (Header h : headers) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    private static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
