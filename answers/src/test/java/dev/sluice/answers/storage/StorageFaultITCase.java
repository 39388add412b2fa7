package dev.sluice.answers.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.Topics;
import dev.sluice.platform.service.ServiceHealth.State;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.PostgresExtension;
import dev.sluice.platform.test.ServiceFaults;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Storage whose session is killed builds a new consumer, resumes from its committed offsets and keeps storing. */
class StorageFaultITCase {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
    private static final JsonSerde<ValidatedAnswer> VALIDATED = JsonSerde.of(ValidatedAnswer.class);

    @RegisterExtension
    static KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static PostgresExtension postgres = new PostgresExtension();

    @Test
    void shouldRestartAKilledSessionAndKeepStoring() throws Exception {
        try (Admin admin = kafka.clients().admin()) {
            Topics.ensure(admin, AnswersTopics.all(2, (short) 1));
        }
        StorageService storage = new StorageService(
                        kafka.clients(),
                        postgres.database().dataSource(),
                        StorageSettings.defaults().withGroupId("storage-fault"))
                .start();
        try (storage;
                KafkaProducer<byte[], byte[]> producer = kafka.clients().bytesProducer()) {
            send(producer, "q1");
            await().atMost(Duration.ofSeconds(30)).until(() -> questions() == 1);
            assertThat(storage.health().state()).isEqualTo(State.RUNNING);

            ServiceFaults.killSession(storage);
            send(producer, "q2"); // arrives while no consumer runs
            ServiceFaults.awaitRunning(storage);

            send(producer, "q3");
            await().atMost(Duration.ofSeconds(30)).until(() -> questions() == 3);
            StorageCatchUp.awaitCaughtUp(kafka.clients(), "storage-fault");
            assertThat(questions()).as("one row per question, nothing doubled").isEqualTo(3);
            assertThat(storage.health().restarts()).isEqualTo(1);
        }
        assertThat(storage.health().state()).isEqualTo(State.STOPPED);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String id) throws Exception {
        ValidatedAnswer answer = new ValidatedAnswer(
                id, "Question " + id, "", "best", "llm answer", 0.9, 1, 1, true, "sim", T, T.plusSeconds(1));
        producer.send(new ProducerRecord<>(
                        AnswersTopics.VALIDATED, id.getBytes(StandardCharsets.UTF_8), VALIDATED.toBytes(answer)))
                .get();
    }

    private static long questions() throws SQLException {
        try (Connection c = postgres.database().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM answers.questions")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
