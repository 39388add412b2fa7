package dev.sluice.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.cli.cluster.Cluster;
import dev.sluice.cli.cluster.ClusterLayout;
import dev.sluice.cli.cluster.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reduced chaos run of every build, on the real multi-process cluster: 3 KRaft brokers, a
 * JobManager and 2 TaskManagers, PostgreSQL, SMTP, the simulator and each service in its own JVM,
 * all from the shaded jar. While about 200 questions and 100 orders go through, the broker leading
 * questions.pending-0, a TaskManager and an LLM worker are SIGKILLed and restarted; the checker
 * then finds nothing lost, nothing doubled, no retry early, no state gone backwards. Hostile bodies
 * go to the orders API and garbage records onto orders.requested all along (the fuzz phase): each
 * is refused with a 4xx or dead-lettered, and the orders still all arrive with their e-mails.
 */
class ClusterChaosITCase {
    @TempDir
    static Path dir;

    static Cluster cluster;

    @BeforeAll
    static void up() {
        Path jar = Path.of(System.getProperty("sluice.jar", "target/sluice.jar"));
        assertThat(jar).as("the shaded jar, built in the package phase").exists();
        Cluster.clearDir(dir, false);
        cluster = Cluster.of(new ClusterLayout(dir, 29000, jar.toAbsolutePath(), true, true));
        cluster.up(Duration.ofMinutes(6), name -> System.err.println("cluster ITCase: " + name + " ready"));
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.down(name -> {});
            for (Member m : cluster.members()) {
                assertThat(cluster.alive(m.name())).as(m.name() + " stopped").isFalse();
            }
        }
    }

    @Test
    void nothingIsLostOrDoubledWhenALeaderBrokerATaskManagerAndAWorkerAreKilled() throws Exception {
        assertThat(cluster.members()).hasSize(19);
        assertThat(Files.readString(dir.resolve("kafka/node-0.properties")))
                .contains("min.insync.replicas=2")
                .contains("transaction.state.log.replication.factor=3");
        Set<String> wanted = Set.of("broker-leader-kill", "taskmanager-kill", "worker-kill");
        List<Fault> faults = Fault.forApp("answers").stream()
                .filter(f -> wanted.contains(f.type()))
                .toList();
        assertThat(faults).hasSize(3);
        try (AnswersWorkload answers = new AnswersWorkload(cluster.layout(), 2, 3);
                OrdersWorkload orders = new OrdersWorkload(cluster.layout(), 1);
                Fuzzer fuzz = new Fuzzer("orders", cluster.layout())) {
            orders.start();
            fuzz.start();
            ChaosRun run = new ChaosRun(
                    cluster,
                    answers,
                    faults,
                    1,
                    Duration.ofSeconds(20),
                    Duration.ofMinutes(4),
                    line -> System.err.println("cluster ITCase: " + line));
            ChaosRun.Result result = run.run();
            orders.stopSending();
            fuzz.stop();
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(orders::settled);

            assertThat(result.injections())
                    .hasSize(3)
                    .allSatisfy(i -> assertThat(i.error()).as(i.type()).isNull());
            assertThat(result.drained()).as("every question finished").isTrue();
            Map<String, Object> a = result.check();
            assertThat(((Number) a.get("submitted")).longValue()).isGreaterThan(100);
            assertThat(a)
                    .containsEntry("lost", 0L)
                    .containsEntry("duplicates", 0L)
                    .containsEntry("retries_early", 0L)
                    .containsEntry("attempts_over_cap", 0)
                    .containsEntry("get_regressions", 0L);
            Map<String, Object> o = orders.check(result.injections(), result.beganEpochMs());
            assertThat(((Number) o.get("submitted")).longValue()).isGreaterThan(50);
            assertThat(o)
                    .containsEntry("lost", 0L)
                    .containsEntry("duplicates", 0L)
                    .containsEntry("get_regressions", 0L);
            assertThat(((Number) o.get("emails")).longValue()).isEqualTo(4 * ((Number) o.get("submitted")).longValue());
            Map<String, Object> f = fuzz.check(Duration.ofMinutes(1));
            assertThat(((Number) f.get("fuzz_requests")).longValue()).isGreaterThan(100);
            assertThat(((Number) f.get("fuzz_records")).longValue()).isGreaterThan(30);
            assertThat(f)
                    .as("every hostile body refused with a 4xx, every garbage record dead-lettered, orders unharmed")
                    .containsEntry("fuzz_requests_accepted", 0L)
                    .containsEntry("fuzz_missing_from_dlq", 0L);
            List<Map<String, Object>> rows = ChaosRun.perFault(result, answers.requests());
            assertThat(rows)
                    .extracting(r -> r.get("type"))
                    .containsExactly("broker-leader-kill", "taskmanager-kill", "worker-kill");
        }
    }
}
