package dev.sluice.answers.storage;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.RetryNotice;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.service.Backoff;
import dev.sluice.platform.service.PollingService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers pipeline's storage consumer (DESIGN.md, "Storage"): reads {@code answers.validated},
 * {@code answers.scored} and {@code questions.dlq} (read_committed, so only results of committed
 * Flink checkpoints) and writes them into PostgreSQL.
 *
 * <p>Exactly once by idempotence: each poll is written in one database transaction of upserts
 * keyed by the messages' ids, and its offsets are committed only after that transaction. A crash in
 * between replays the batch, which changes nothing. A failed write rewinds to the last committed
 * offsets and tries again after a backoff, inside the session; a record that cannot be read is
 * logged, kept as a dead letter and skipped. Any other failure ends the session ({@link
 * PollingService}): a new consumer is built after a backoff and resumes from the committed offsets.
 *
 * <p><b>Retries.</b> It also reads every retry tier ({@code questions.retry.overload.*},
 * {@code questions.retry.quota.*}) in this same group, apart from the delay schedulers' groups,
 * and keeps one {@code answers.retries} row per record, so the gateway can say a question is
 * retrying and show each failed call. The worker's retry record is the only account of a retry
 * (the task, plus the error in {@link dev.sluice.answers.messages.RetryHeaders} and the due time in
 * the delay header); a separate "retry happened" event would be a second truth that could
 * disagree with the first. Reading it here also keeps its rows in the same transaction-per-poll
 * and the same idempotence as the rest: rows are keyed by the retried task's counters, so a replay
 * writes nothing new. There is no order between these topics and the results topics; the gateway
 * derives a status from what is stored, with a result or a dead letter always final.
 */
public final class StorageService extends PollingService {
    private static final Logger LOG = LoggerFactory.getLogger(StorageService.class);
    /** The results topics, then every retry tier of both kinds (see the class comment). */
    static final List<String> TOPICS = subscribed();

    private final KafkaClients clients;
    private final DataSource dataSource;
    private final StorageSettings settings;
    private final AnswersStore store;
    /** Where {@code answers.stored} and {@code answers.retries} go: nowhere until {@link #bindMetrics}. */
    private volatile MeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    public StorageService(KafkaClients clients, DataSource dataSource) {
        this(clients, dataSource, StorageSettings.defaults());
    }

    public StorageService(KafkaClients clients, DataSource dataSource, StorageSettings settings) {
        super("answers-storage", Backoff.DEFAULT);
        this.clients = Objects.requireNonNull(clients, "clients");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = new AnswersStore(dataSource);
    }

    /**
     * Also counts what each committed write stored: {@code answers.stored} by {@code record}
     * (validated, scored, dead_letter; a replayed record counts again, the rows do not change) and
     * {@code answers.retries} by {@code kind} (overload, quota) and {@code error_class}: the Grafana
     * dashboard's answers row.
     */
    @Override
    public StorageService bindMetrics(MeterRegistry registry) {
        super.bindMetrics(registry);
        meters = registry;
        // registered at 0 now, so a dashboard shows 0 rather than "no data" before the first write
        for (String record : List.of("validated", "scored", "dead_letter")) {
            stored(record, 0);
        }
        retry("overload", "overload", 0);
        retry("quota", "quota", 0);
        return this;
    }

    /** Applies the answers migrations, then starts consuming on a thread of its own. Start once per instance. */
    @Override
    public StorageService start() {
        super.start();
        return this;
    }

    @Override
    protected void onStart() {
        Migrations.apply(dataSource, "answers");
    }

    /** For the gateway: counts a question answered from storage; false when none is stored. */
    public boolean recordHit(String questionId) throws SQLException {
        return store.recordHit(questionId);
    }

    public AnswersStore store() {
        return store;
    }

    private void count(StorageBatch batch) {
        stored("validated", batch.validated().size());
        stored("scored", batch.scored().size());
        stored("dead_letter", batch.deadLetters().size());
        for (RetryNotice retry : batch.retries()) {
            retry(retry.kind(), retry.errorClass(), 1);
        }
    }

    private void retry(String kind, String errorClass, int n) {
        Counter.builder("answers.retries")
                .description("questions sent to a retry tier, by kind and the error that sent them")
                .tag("kind", Objects.requireNonNullElse(kind, "unknown"))
                .tag("error_class", Objects.requireNonNullElse(errorClass, "unknown"))
                .register(meters)
                .increment(n);
    }

    private void stored(String record, int n) {
        Counter.builder("answers.stored")
                .description("records written to PostgreSQL by the storage service")
                .tag("record", record)
                .register(meters)
                .increment(n);
    }

    /** Every topic the storage consumer reads: the results, the DLQ and all retry tiers. */
    public static List<String> topics() {
        return TOPICS;
    }

    private static List<String> subscribed() {
        List<String> topics =
                new ArrayList<>(List.of(AnswersTopics.VALIDATED, AnswersTopics.SCORED, AnswersTopics.DLQ));
        topics.addAll(AnswersTopics.OVERLOAD_RETRY.topics());
        topics.addAll(AnswersTopics.QUOTA_RETRY.topics());
        return List.copyOf(topics);
    }

    @Override
    protected void runSession() {
        try (KafkaConsumer<byte[], byte[]> c = clients.bytesConsumer(settings.groupId(), true)) {
            register(c);
            c.subscribe(TOPICS);
            LOG.info("Storage consuming {} as group {}", TOPICS, settings.groupId());
            while (running()) {
                ConsumerRecords<byte[], byte[]> records = c.poll(settings.pollTimeout());
                if (!records.isEmpty()) {
                    writeThenCommit(c, records);
                }
            }
        }
    }

    private void writeThenCommit(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records) {
        try {
            StorageBatch batch = StorageBatch.of(records);
            store.write(batch);
            count(batch);
        } catch (SQLException e) {
            LOG.warn(
                    "Database write of {} records failed, retrying from the last committed offsets: {}",
                    records.count(),
                    e.getMessage());
            rewind(c, records);
            backoff();
            return;
        }
        try {
            c.commitSync(nextOffsets(records));
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // the partitions moved to another member, which reads this batch again: harmless, the writes are upserts
            LOG.info("Offsets not committed after a rebalance; the batch will be read again: {}", e.getMessage());
        }
    }

    /** Seeks each partition of the batch back to its first record, so the next poll reads it again. */
    private static void rewind(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            c.seek(tp, records.records(tp).get(0).offset());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private void backoff() {
        // waits on the stop latch, so stop() ends the wait at once
        awaitStop(settings.retryBackoff());
    }
}
