package dev.sluice.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.platform.flink.KafkaSinks;
import dev.sluice.platform.flink.KafkaSources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FlinkKafkaExactlyOnceITCase {

    private static final int RECORDS = 40;
    private static final int PARTITIONS = 2;

    @RegisterExtension
    static KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static FlinkExtension flink = new FlinkExtension();

    @Test
    void boundedJobWritesEveryRecordExactlyOnceThroughTransactions() throws Exception {
        String input = "eo-itcase.in";
        String output = "eo-itcase.out";
        kafka.createTopic(input, PARTITIONS);
        kafka.createTopic(output, PARTITIONS);
        List<String> words =
                IntStream.range(0, RECORDS).mapToObj(i -> "word-" + i).toList();
        try (KafkaProducer<byte[], byte[]> producer = kafka.clients().bytesProducer()) {
            for (String w : words) {
                producer.send(new ProducerRecord<>(input, w.getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }

        StreamExecutionEnvironment env = flink.environment();
        env.enableCheckpointing(500);
        env.setParallelism(PARTITIONS);
        env.fromSource(
                        KafkaSources.boundedFromEarliest(
                                kafka.bootstrapServers(), "eo-itcase-job", new SimpleStringSchema(), input),
                        WatermarkStrategy.noWatermarks(),
                        "words")
                .map(s -> s.toUpperCase(Locale.ROOT))
                .returns(Types.STRING)
                .sinkTo(KafkaSinks.exactlyOnce(
                        kafka.bootstrapServers(), output, new SimpleStringSchema(), "eo-itcase"));
        JobClient job = env.executeAsync("flink-kafka-exactly-once-itcase");
        // a bounded job ends after its final checkpoint, which commits the last transaction
        job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

        List<String> expected =
                words.stream().map(w -> w.toUpperCase(Locale.ROOT)).toList();
        assertThat(readCommitted(output)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(endOffsetSum(output))
                .as("commit markers take offsets too, so more offsets than records means the sink used transactions")
                .isGreaterThan(RECORDS);
    }

    private static long endOffsetSum(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.clients().bytesConsumer("eo-itcase-offsets", false)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** Everything a read_committed consumer sees in the topic, read up to its end. */
    private static List<String> readCommitted(String topic) {
        // for a read_committed consumer the end is the last stable offset: nothing is still open
        return TopicReader.values(TopicReader.committed(kafka.clients()).toEnd(topic));
    }
}
