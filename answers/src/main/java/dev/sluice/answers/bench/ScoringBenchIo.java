package dev.sluice.answers.bench;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.Parsed;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** The scoring benchmark's Kafka side: topics of its own per job, the answers in, the scored attempts out. */
final class ScoringBenchIo {
    private final KafkaClients clients;
    private final int parallelism;

    ScoringBenchIo(KafkaClients clients, int parallelism) {
        this.clients = clients;
        this.parallelism = parallelism;
    }

    /** Topics of their own per job, so runs on one broker (or a reused work dir) never read each other's records. */
    UnaryOperator<String> topics(String what) throws Exception {
        String prefix =
                "bench.scoring." + what + "." + UUID.randomUUID().toString().substring(0, 8) + ".";
        List<TopicSpec> specs = new ArrayList<>();
        for (String t : List.of(
                AnswersTopics.GENERATED,
                AnswersTopics.SCORED,
                AnswersTopics.VALIDATED,
                AnswersTopics.PENDING,
                AnswersTopics.DLQ)) {
            specs.add(TopicSpec.of(prefix + t, Math.max(2, parallelism)));
        }
        try (Admin admin = clients.admin()) {
            Topics.ensure(admin, specs);
        }
        return t -> prefix + t;
    }

    /** Produces the answers, paced at {@code rate}/s (0 = as fast as possible), stamping generatedAt at send time when paced. */
    void produce(String topic, List<GeneratedAnswer> answers, double rate) throws Exception {
        JsonSerde<GeneratedAnswer> serde = JsonSerde.of(GeneratedAnswer.class);
        try (KafkaProducer<byte[], byte[]> producer = clients.bytesProducer()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < answers.size(); i++) {
                GeneratedAnswer a = answers.get(i);
                if (rate > 0) {
                    long due = t0 + (long) (i * 1e9 / rate);
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                    a = BenchAnswers.stamped(a, Instant.now());
                }
                producer.send(
                        new ProducerRecord<>(topic, a.questionId().getBytes(StandardCharsets.UTF_8), serde.toBytes(a)));
            }
            producer.flush();
        }
    }

    /**
     * Reads scored attempts until {@code expected} arrived or the timeout. read_uncommitted for the
     * latency runs: the exactly-once sink writes a record when it is produced and commits it at the
     * next checkpoint, and the latency of interest is the scoring's, not the checkpoint interval's.
     */
    List<ScoredAttempt> read(String topic, int expected, Duration timeout, boolean committed) {
        JsonSerde<ScoredAttempt> serde = JsonSerde.of(ScoredAttempt.class);
        List<ScoredAttempt> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.bytesConsumer("bench-scoring-reader", committed)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Parsed<ScoredAttempt> p = serde.parse(r.value());
                    if (p.isOk()) {
                        out.add(p.value());
                    }
                }
            }
        }
        if (out.size() < expected) {
            throw new IllegalStateException("only " + out.size() + " of " + expected + " scored answers reached "
                    + topic + " within " + timeout.toSeconds() + " s");
        }
        return out;
    }
}
