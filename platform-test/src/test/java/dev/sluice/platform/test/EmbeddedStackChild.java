package dev.sluice.platform.test;

import dev.sluice.platform.embedded.EmbeddedKafka;
import dev.sluice.platform.embedded.EmbeddedPostgres;
import dev.sluice.platform.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The embedded broker and PostgreSQL of a work dir in their own JVM, so a test can SIGKILL them the
 * way a user's {@code kill -9} of {@code sluice up} does. Writes one row and one record, then says it
 * is ready. Arguments: the work dir, and {@code true|false} for PostgreSQL's watchdog.
 */
public final class EmbeddedStackChild {
    static final String TOPIC = "crash.restart";
    static final String TABLE = "crash_restart";
    static final String VALUE = "written before the SIGKILL";
    // not ChildJvm.READY ("started"), which the broker's own start-up line already contains
    static final String READY = "row and record written";

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        boolean watchdog = Boolean.parseBoolean(args[1]);
        EmbeddedKafka kafka =
                EmbeddedKafka.builder().dataDir(work.resolve("kafka")).build().start();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .dataDir(work.resolve("postgres"))
                .stopWhenJvmDies(watchdog)
                .build()
                .start();

        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + TABLE + " (id int PRIMARY KEY, body text NOT NULL)");
            s.execute("INSERT INTO " + TABLE + " VALUES (1, '" + VALUE + "')");
        }
        KafkaClients clients = KafkaClients.forBootstrap(kafka.bootstrapServers());
        try (Admin admin = Admin.create(clients.adminProps())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = clients.bytesProducer()) {
            producer.send(new ProducerRecord<>(TOPIC, VALUE.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        System.out.println(READY);
        System.out.flush();
        new CountDownLatch(1).await(); // runs until killed
    }
}
