package dev.sluice.orders.notify;

import dev.sluice.platform.config.Secret;
import dev.sluice.platform.db.Database;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.test.ChildJvm;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A notifier in its own JVM, so a test can kill it with SIGKILL mid-send. Args: bootstrap, JDBC
 * URL, database user, SMTP host, SMTP port, instance id, claim lease ms; the database password
 * comes from the environment variable {@code SLUICE_TEST_DB_PASSWORD}.
 */
public final class NotifierChild {
    public static void main(String[] args) throws Exception {
        Database db = new Database(args[1], args[2], System.getenv("SLUICE_TEST_DB_PASSWORD"), 2);
        SmtpMailer mailer = new SmtpMailer(
                new SmtpSettings(args[3], Integer.parseInt(args[4]), false, "", Secret.empty(), "pedidos@sluice.test"));
        new Notifier(
                        KafkaClients.forBootstrap(args[0]),
                        new NotificationStore(db.dataSource()),
                        mailer,
                        args[5],
                        Duration.ofMillis(Long.parseLong(args[6])))
                .start();
        ChildJvm.signalReady();
        new CountDownLatch(1).await(); // runs until killed
    }
}
