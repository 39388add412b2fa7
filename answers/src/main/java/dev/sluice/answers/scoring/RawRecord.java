package dev.sluice.answers.scoring;

/**
 * One record as read from Kafka, before parsing: the value bytes plus where it came from, so a
 * record that cannot be read reaches the DLQ with its original topic, partition and offset.
 * Between the source and the parser it travels as a Flink POJO (a record), not through Kryo.
 */
public record RawRecord(String topic, int partition, long offset, byte[] value) {
    public RawRecord {
        // value may be null (a tombstone): the parser turns that into a dead letter
        java.util.Objects.requireNonNull(topic, "topic");
    }
}
