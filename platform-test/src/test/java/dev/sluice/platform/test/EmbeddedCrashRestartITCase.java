package dev.sluice.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.platform.embedded.EmbeddedKafka;
import dev.sluice.platform.embedded.EmbeddedPostgres;
import dev.sluice.platform.kafka.KafkaClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM running the embedded stack is killed with SIGKILL (what a user's {@code kill -9} of {@code
 * sluice up} does), and the stack starts again on the same work dir without anyone cleaning up: the
 * broker (its lock goes with the process) and PostgreSQL (whose server outlives the JVM) come back
 * with what was written before the kill. The Flink MiniCluster runs inside the JVM, so it leaves
 * nothing behind but its checkpoints.
 */
class EmbeddedCrashRestartITCase {
    private static final Duration RESTART_BOUND = Duration.ofSeconds(60);

    @RegisterExtension
    final Closer closer = new Closer();

    @TempDir
    Path work;

    @Test
    void shouldStopTheOrphanedServerOfAKilledJvmAndRestartWithItsData() throws Exception {
        ChildJvm child = startChild(false);
        long postmaster = postmasterPid();
        closer.closing(() -> killIfStillPostgres(postmaster));

        child.kill();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive))
                .as("without the watchdog the server outlives the killed JVM, holding the data dir")
                .contains(true);

        long began = System.nanoTime();
        EmbeddedPostgres postgres = restartPostgres();
        EmbeddedKafka kafka = restartKafka();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(RESTART_BOUND);

        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive))
                .as("the orphan was stopped")
                .isEmpty();
        assertThat(rows(postgres)).containsExactly(EmbeddedStackChild.VALUE);
        assertThat(records(kafka)).containsExactly(EmbeddedStackChild.VALUE);
    }

    @Test
    void shouldStopTheServerSoonAfterItsJvmIsKilledThroughTheWatchdog() throws Exception {
        ChildJvm child = startChild(true);
        long postmaster = postmasterPid();
        closer.closing(() -> killIfStillPostgres(postmaster));

        child.kill();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ProcessHandle.of(postmaster).map(p -> !p.isAlive()).orElse(true));
        assertThat(work.resolve("postgres/postmaster.pid"))
                .as("a fast shutdown removes the pid file")
                .doesNotExist();

        EmbeddedPostgres postgres = restartPostgres();
        assertThat(rows(postgres)).containsExactly(EmbeddedStackChild.VALUE);
    }

    private ChildJvm startChild(boolean watchdog) {
        return closer.closing(ChildJvm.of(EmbeddedStackChild.class)
                .args(work.toString(), String.valueOf(watchdog))
                .maxHeap("512m")
                .awaitLine(EmbeddedStackChild.READY, Duration.ofSeconds(120))
                .start());
    }

    private EmbeddedPostgres restartPostgres() {
        return closer.closing(EmbeddedPostgres.builder()
                .dataDir(work.resolve("postgres"))
                .build()
                .start());
    }

    private EmbeddedKafka restartKafka() {
        return closer.closing(
                EmbeddedKafka.builder().dataDir(work.resolve("kafka")).build().start());
    }

    private long postmasterPid() throws Exception {
        return Long.parseLong(Files.readAllLines(work.resolve("postgres/postmaster.pid"))
                .get(0)
                .trim());
    }

    // after a failed test the orphan would hold the temp dir; never kill a reused pid
    private static void killIfStillPostgres(long pid) {
        ProcessHandle.of(pid)
                .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
                .ifPresent(ProcessHandle::destroyForcibly);
    }

    private static List<String> rows(EmbeddedPostgres postgres) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT body FROM " + EmbeddedStackChild.TABLE)) {
            List<String> bodies = new ArrayList<>();
            while (rs.next()) {
                bodies.add(rs.getString(1));
            }
            return bodies;
        }
    }

    private static List<String> records(EmbeddedKafka kafka) {
        return TopicReader.values(TopicReader.committed(KafkaClients.forBootstrap(kafka.bootstrapServers()))
                .within(Duration.ofSeconds(30))
                .atLeast(1, EmbeddedStackChild.TOPIC));
    }
}
