package dev.sluice.orders;

import dev.sluice.platform.kafka.DeadLetterRecords;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the {@code orders.dlq} record for a record a service could not handle: the original key,
 * value and headers, plus the reason and the original topic/partition/offset, so a person can find
 * the source and replay it once fixed. Header names follow the platform's delay dead letters.
 */
public final class DeadLetters {
    public static final String REASON = "sluice.dlq.reason";
    public static final String ORIGINAL_TOPIC = "sluice.original.topic";
    public static final String ORIGINAL_PARTITION = "sluice.original.partition";
    public static final String ORIGINAL_OFFSET = "sluice.original.offset";

    private DeadLetters() {}

    public static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> r, String reason) {
        RecordHeaders headers = new RecordHeaders(r.headers().toArray());
        headers.add(REASON, utf8(reason));
        headers.add(ORIGINAL_TOPIC, utf8(r.topic()));
        headers.add(ORIGINAL_PARTITION, utf8(Integer.toString(r.partition())));
        headers.add(ORIGINAL_OFFSET, utf8(Long.toString(r.offset())));
        return DeadLetterRecords.of(OrderTopics.DLQ, r, headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
