package dev.sluice.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A dead letter that copies the original record's key and value must still fit in one produce
 * request: a record near the broker's size limit, plus the reason and origin headers, would be
 * refused on every retry and stall its consumer. Such a record keeps its headers but not its key
 * and value, and says so; the original stays at its topic/partition/offset for anyone who needs it.
 */
public final class DeadLetterRecords {
    /** On a dead letter without the original key and value: their sizes and why they were left out. */
    public static final String DROPPED = "sluice.dlq.dropped";
    /**
     * Key and value bytes a dead letter keeps at most: well below the producer's default
     * {@code max.request.size} (1 MiB), leaving room for headers and batch overhead.
     */
    public static final int MAX_KEPT_BYTES = 768 * 1024;

    private DeadLetterRecords() {}

    /** The dead letter for {@code original} on {@code topic} with {@code headers} (reason and origin already in). */
    public static ProducerRecord<byte[], byte[]> of(
            String topic, ConsumerRecord<byte[], byte[]> original, Headers headers) {
        Objects.requireNonNull(topic, "topic");
        long size = length(original.key()) + length(original.value());
        for (Header h : original.headers()) {
            size += h.key().length() + length(h.value());
        }
        if (size <= MAX_KEPT_BYTES) {
            return new ProducerRecord<>(topic, null, original.key(), original.value(), headers);
        }
        headers.add(
                DROPPED,
                ("key of " + length(original.key()) + " bytes and value of " + length(original.value())
                                + " bytes left out: too large for a dead letter; read them at the original offset")
                        .getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<byte[], byte[]>(topic, null, (byte[]) null, (byte[]) null, headers);
    }

    private static long length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
