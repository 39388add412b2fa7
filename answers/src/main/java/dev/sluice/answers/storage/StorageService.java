package dev.sluice.answers.storage;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.service.Backoff;
import dev.sluice.platform.service.PollingService;
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
            store.write(StorageBatch.of(records));
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
