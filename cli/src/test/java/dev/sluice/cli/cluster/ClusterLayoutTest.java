package dev.sluice.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLayoutTest {
    private static final int BASE = 40000;

    @TempDir
    Path tmp;

    private Path jar;
    private Path dir;

    @BeforeEach
    void dummyJar() throws IOException {
        dir = tmp.resolve("cluster");
        jar = tmp.resolve("sluice.jar");
        writeJar(jar, "java.base/java.lang java.base/java.util");
    }

    private static void writeJar(Path file, String addOpens) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (addOpens != null) {
            manifest.getMainAttributes().putValue("Add-Opens", addOpens);
        }
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("placeholder.txt"));
            jarOut.write("dummy".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            jarOut.closeEntry();
        }
    }

    private ClusterLayout layout(boolean answers, boolean orders) {
        return new ClusterLayout(dir, BASE, jar, answers, orders);
    }

    private static List<String> names(ClusterLayout layout) {
        return layout.members().stream().map(Member::name).toList();
    }

    @Test
    void shouldPlanNineteenProcessesForBothAppsWithUniqueNames() {
        List<String> names = names(layout(true, true));

        assertThat(names).hasSize(19).doesNotHaveDuplicates();
        assertThat(names)
                .containsExactly(
                        "postgres",
                        "smtp",
                        "broker-0",
                        "broker-1",
                        "broker-2",
                        "simulator",
                        "jobmanager",
                        "taskmanager-1",
                        "taskmanager-2",
                        "gateway",
                        "worker-1",
                        "worker-2",
                        "scheduler",
                        "storage",
                        "scoring",
                        "orders-api",
                        "processor",
                        "notifier",
                        "delay-scheduler");
    }

    @Test
    void shouldPlanOnlyTheOrdersProcessesAndTheSharedInfrastructureForOrdersAlone() {
        List<String> names = names(layout(false, true));

        assertThat(names)
                .containsExactly(
                        "postgres",
                        "smtp",
                        "broker-0",
                        "broker-1",
                        "broker-2",
                        "orders-api",
                        "processor",
                        "notifier",
                        "delay-scheduler");
    }

    @Test
    void shouldLeaveSmtpAndTheOrdersServicesOutForAnswersAlone() {
        List<String> names = names(layout(true, false));

        assertThat(names).hasSize(14).doesNotContain("smtp", "orders-api", "processor", "notifier", "delay-scheduler");
        assertThat(names).contains("jobmanager", "taskmanager-1", "taskmanager-2", "worker-1", "worker-2", "scoring");
    }

    @Test
    void shouldRefuseALayoutWithoutAppsOrWithABasePortOutOfRange() {
        assertThatThrownBy(() -> new ClusterLayout(dir, BASE, jar, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--apps");
        assertThatThrownBy(() -> new ClusterLayout(dir, 80, jar, true, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--base-port");
        assertThatThrownBy(() -> new ClusterLayout(dir, 65001, jar, true, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65001");
    }

    @Test
    void shouldGiveEveryPortOnceAsBasePlusItsOffset() {
        ClusterLayout layout = layout(true, true);
        Map<String, Member> members = byName(layout);

        List<Integer> ports = new ArrayList<>();
        layout.members().forEach(m -> ports.addAll(m.ports().values()));
        // the Flink ports a JobManager and TaskManagers take, from the config every Flink process reads
        Map<String, String> flink = FlinkProcesses.config(layout);
        ports.add(Integer.parseInt(flink.get("blob.server.port")));
        String[] tmRange = flink.get("taskmanager.rpc.port").split("-");
        for (int p = Integer.parseInt(tmRange[0]); p <= Integer.parseInt(tmRange[1]); p++) {
            ports.add(p);
        }

        assertThat(ports).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(BASE, BASE + 1000));
        assertThat(members.get("postgres").ports()).containsExactly(Map.entry("postgres", BASE + 432));
        assertThat(members.get("smtp").ports())
                .containsExactly(Map.entry("smtp", BASE + 25), Map.entry("http", BASE + 26));
        for (int i = 0; i < 3; i++) {
            assertThat(members.get("broker-" + i).ports())
                    .containsExactly(Map.entry("kafka", BASE + 92 + i), Map.entry("controller", BASE + 95 + i));
            assertThat(members.get("broker-" + i).readyPort()).isEqualTo(BASE + 92 + i);
        }
        assertThat(members.get("jobmanager").ports())
                .containsExactly(Map.entry("rest", BASE + 81), Map.entry("rpc", BASE + 123));
        assertThat(members.get("simulator").ports()).containsExactly(Map.entry("http", BASE + 434));
        Map<String, Integer> http = Map.ofEntries(
                Map.entry("gateway", 180),
                Map.entry("worker-1", 181),
                Map.entry("worker-2", 182),
                Map.entry("scheduler", 183),
                Map.entry("storage", 184),
                Map.entry("scoring", 185),
                Map.entry("orders-api", 190),
                Map.entry("processor", 191),
                Map.entry("notifier", 192),
                Map.entry("delay-scheduler", 193));
        http.forEach((name, offset) -> {
            Member m = members.get(name);
            assertThat(m.ports()).as(name).containsExactly(Map.entry("http", BASE + offset));
            assertThat(m.readyUrl()).as(name).isEqualTo("http://127.0.0.1:" + (BASE + offset) + "/ready");
            assertThat(m.command())
                    .as(name)
                    .containsSubsequence("--set", "http.port=" + (BASE + offset))
                    .containsSubsequence(
                            "--config", dir.resolve("sluice.properties").toString());
        });
        assertThat(Integer.parseInt(flink.get("rest.port"))).isEqualTo(BASE + 81);
        assertThat(Integer.parseInt(flink.get("jobmanager.rpc.port"))).isEqualTo(BASE + 123);
    }

    @Test
    void shouldMoveEveryPortWithTheBasePort() {
        ClusterLayout other = new ClusterLayout(dir, BASE + 1000, jar, true, true);
        Map<String, Member> a = byName(layout(true, true));
        Map<String, Member> b = byName(other);

        a.forEach((name, m) -> m.ports()
                .forEach((key, port) -> assertThat(b.get(name).ports().get(key))
                        .as(name + " " + key)
                        .isEqualTo(port + 1000)));
        assertThat(other.bootstrapServers())
                .isEqualTo(
                        "127.0.0.1:" + (BASE + 1092) + ",127.0.0.1:" + (BASE + 1093) + ",127.0.0.1:" + (BASE + 1094));
    }

    @Test
    void shouldNameOneProcessByNameRoleOrRoleAndNumber() {
        Cluster cluster = Cluster.of(layout(true, true));

        assertThat(cluster.member("worker#2").name()).isEqualTo("worker-2");
        assertThat(cluster.member("worker-2").name()).isEqualTo("worker-2");
        assertThat(cluster.member("worker#1").name()).isEqualTo("worker-1");
        assertThat(cluster.member("storage").name()).isEqualTo("storage");
        assertThat(cluster.member("broker#0").name()).isEqualTo("broker-0");
        assertThat(cluster.member("taskmanager#2").name()).isEqualTo("taskmanager-2");
        // the answers scheduler, not the orders delay scheduler
        assertThat(cluster.member("scheduler").name()).isEqualTo("scheduler");
        assertThat(cluster.member("delay-scheduler").name()).isEqualTo("delay-scheduler");
    }

    @Test
    void shouldNotLetARoleOfSeveralProcessesNameAnyOfThem() {
        ClusterLayout layout = layout(true, true);
        List<Member> workers =
                layout.members().stream().filter(m -> m.role().equals("worker")).toList();

        assertThat(workers).hasSize(2);
        assertThat(workers).noneMatch(m -> m.answersTo("worker"));
        assertThat(layout.members().stream().filter(m -> m.answersTo("broker"))).isEmpty();
        assertThatThrownBy(() -> Cluster.of(layout).member("worker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no process 'worker'")
                .hasMessageContaining("worker-1")
                .hasMessageContaining("worker-2")
                .hasMessageContaining("worker#2");
    }

    @Test
    void shouldNameEveryProcessWhenNoneAnswersTheSelector() {
        Cluster cluster = Cluster.of(layout(false, true));

        assertThatThrownBy(() -> cluster.member("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining("postgres")
                .hasMessageContaining("broker-2")
                .hasMessageContaining("delay-scheduler");
        // answers is not part of this cluster
        assertThatThrownBy(() -> cluster.member("gateway")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldConfigureEachKafkaNodeAsOneOfThreeVotersWithReplicationThree() {
        ClusterLayout layout = layout(true, true);
        String voters = "0@127.0.0.1:" + (BASE + 95) + ",1@127.0.0.1:" + (BASE + 96) + ",2@127.0.0.1:" + (BASE + 97);

        for (int i = 0; i < 3; i++) {
            Map<String, String> node = layout.kafkaNode(i);
            assertThat(node)
                    .as("node " + i)
                    .containsEntry("node.id", String.valueOf(i))
                    .containsEntry("process.roles", "broker,controller")
                    .containsEntry("controller.quorum.voters", voters)
                    .containsEntry("default.replication.factor", "3")
                    .containsEntry("min.insync.replicas", "2")
                    .containsEntry("offsets.topic.replication.factor", "3")
                    .containsEntry("transaction.state.log.replication.factor", "3")
                    .containsEntry("transaction.state.log.min.isr", "2")
                    .containsEntry("share.coordinator.state.topic.replication.factor", "3")
                    .containsEntry("share.coordinator.state.topic.min.isr", "2")
                    .containsEntry("unclean.leader.election.enable", "false")
                    .containsEntry(
                            "listeners",
                            "PLAINTEXT://127.0.0.1:" + (BASE + 92 + i) + ",CONTROLLER://127.0.0.1:" + (BASE + 95 + i))
                    .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + (BASE + 92 + i));
            assertThat(Path.of(node.get("log.dirs"))).startsWithRaw(dir).endsWithRaw(Path.of("node-" + i));
        }
        assertThat(layout.kafkaNode(0).get("log.dirs"))
                .isNotEqualTo(layout.kafkaNode(1).get("log.dirs"));
    }

    @Test
    void shouldGiveEveryServiceTheClusterItRunsIn() {
        ClusterLayout layout = layout(true, true);
        Map<String, String> p = layout.servicesProperties();

        assertThat(p.get("kafka.bootstrap-servers").split(","))
                .containsExactly("127.0.0.1:" + (BASE + 92), "127.0.0.1:" + (BASE + 93), "127.0.0.1:" + (BASE + 94));
        assertThat(p)
                .containsEntry("kafka.replication-factor", "3")
                .containsEntry("database.url", "jdbc:postgresql://localhost:" + (BASE + 432) + "/sluice")
                .containsEntry("flink.mode", "remote")
                .containsEntry("flink.host", "127.0.0.1")
                .containsEntry("flink.rest-port", String.valueOf(BASE + 81))
                .containsEntry("flink.jar", jar.toString())
                .containsEntry("orders.smtp.host", "127.0.0.1")
                .containsEntry("orders.smtp.port", String.valueOf(BASE + 25))
                .containsEntry("orders.smtp.tls", "false");
        Path checkpoints = Path.of(URI.create(p.get("answers.checkpoint-dir")));
        assertThat(checkpoints).isEqualTo(dir.resolve("checkpoints")).startsWithRaw(dir);
        assertThat(FlinkProcesses.config(layout).get("state.checkpoints.dir"))
                .isEqualTo(p.get("answers.checkpoint-dir"));
    }

    @Test
    void shouldLeaveFlinkOutOfTheServicesConfigurationForOrdersAlone() {
        Map<String, String> p = layout(false, true).servicesProperties();

        assertThat(p).doesNotContainKeys("flink.mode", "flink.jar", "answers.checkpoint-dir");
        assertThat(p).containsEntry("orders.smtp.port", String.valueOf(BASE + 25));
        Map<String, String> answersOnly = layout(true, false).servicesProperties();
        assertThat(answersOnly).doesNotContainKeys("orders.smtp.host", "orders.smtp.port");
    }

    @Test
    void shouldTurnTheJarManifestsAddOpensIntoCommandLineFlags() throws IOException {
        assertThat(ClusterLayout.addOpens(jar))
                .containsExactly(
                        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED");

        Path plain = tmp.resolve("plain.jar");
        writeJar(plain, null);
        assertThat(ClusterLayout.addOpens(plain)).isEmpty();
        assertThatThrownBy(() -> ClusterLayout.addOpens(tmp.resolve("missing.jar")))
                .hasMessageContaining("missing.jar");
    }

    @Test
    void shouldStartSluiceProcessesFromTheJarWithItsOpensAndBrokersWithout() {
        Map<String, Member> members = byName(layout(true, true));

        List<String> gateway = members.get("gateway").command();
        assertThat(gateway.get(0)).endsWith("java");
        assertThat(gateway)
                .containsSubsequence(
                        "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "-cp",
                        jar.toString(),
                        "dev.sluice.cli.Main",
                        "answers",
                        "gateway")
                .contains("-Dsluice.cluster=" + dir);
        assertThat(members.get("gateway").environment()).containsEntry("SLUICE_DATABASE_PASSWORD", "postgres");
        assertThat(members.get("worker-2").command()).containsSubsequence("--instance", "worker-2");
        assertThat(members.get("delay-scheduler").command()).containsSubsequence("serve", "--parts", "scheduler");
        assertThat(members.get("orders-api").command()).containsSubsequence("serve", "--parts", "api");

        List<String> broker = members.get("broker-1").command();
        assertThat(broker).noneMatch(a -> a.startsWith("--add-opens"));
        assertThat(broker)
                .containsSubsequence(
                        "-cp",
                        jar.toString(),
                        "kafka.Kafka",
                        dir.resolve("kafka/node-1.properties").toString());
    }

    @Test
    void shouldStartATaskManagerWithTheJvmFlagsAndDynamicPropertiesFlinksScriptsWouldCompute() {
        ClusterLayout layout = layout(true, true);
        List<String> command = FlinkProcesses.taskManagerCommand(layout, "taskmanager-1");

        int main = command.indexOf("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        assertThat(main).as(command.toString()).isPositive();
        List<String> jvm = command.subList(0, main);
        List<String> program = command.subList(main + 1, command.size());

        String xmx = single(jvm, "-Xmx");
        String direct = single(jvm, "-XX:MaxDirectMemorySize=");
        // the heap holds the 1 GB task heap (plus Flink's framework heap), within the 2.5 GB process
        assertThat(Long.parseLong(xmx.substring("-Xmx".length())))
                .isGreaterThan(1024L * 1024 * 1024)
                .isLessThan(2560L * 1024 * 1024);
        // direct memory holds at least the 512 MB task off-heap
        assertThat(Long.parseLong(direct.substring("-XX:MaxDirectMemorySize=".length())))
                .isGreaterThanOrEqualTo(512L * 1024 * 1024);
        assertThat(jvm)
                .containsSubsequence(
                        "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "--add-opens=java.base/java.util=ALL-UNNAMED",
                        "-cp",
                        jar.toString())
                .anyMatch(a -> a.startsWith("-XX:MaxMetaspaceSize="));

        assertThat(program)
                .containsSubsequence("--configDir", dir.resolve("flink").toString())
                .containsSubsequence("-D", "taskmanager.resource-id=taskmanager-1");
        Map<String, String> dynamic = dynamicProperties(program);
        assertThat(dynamic)
                .containsKeys(
                        "taskmanager.memory.task.heap.size",
                        "taskmanager.memory.task.off-heap.size",
                        "taskmanager.memory.managed.size",
                        "taskmanager.memory.network.max",
                        "taskmanager.cpu.cores");
        assertThat(MemorySize.parse(dynamic.get("taskmanager.memory.task.heap.size")))
                .isEqualTo(MemorySize.parse("1024m"));
        assertThat(MemorySize.parse(dynamic.get("taskmanager.memory.task.off-heap.size")))
                .isEqualTo(MemorySize.parse("512m"));
        assertThat(MemorySize.parse(dynamic.get("taskmanager.memory.managed.size")))
                .isEqualTo(MemorySize.parse("64m"));
        assertThat(Double.parseDouble(dynamic.get("taskmanager.cpu.cores"))).isEqualTo(1.0);
        // every -D is a flag of its own followed by key=value, never a bare "-D" as a value
        for (int i = 0; i < program.size(); i++) {
            if (program.get(i).equals("-D")) {
                assertThat(program.get(i + 1))
                        .as("after -D at " + i)
                        .contains("=")
                        .doesNotStartWith("-");
            }
        }

        Member tm = byName(layout).get("taskmanager-2");
        assertThat(tm.phase()).isEqualTo(1);
        assertThat(tm.command()).containsSubsequence("-D", "taskmanager.resource-id=taskmanager-2");
    }

    private static String single(List<String> args, String prefix) {
        List<String> found = args.stream().filter(a -> a.startsWith(prefix)).toList();
        assertThat(found).as(prefix + " in " + args).hasSize(1);
        return found.get(0);
    }

    private static Map<String, String> dynamicProperties(List<String> program) {
        Map<String, String> props = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < program.size(); i++) {
            if (program.get(i).equals("-D")) {
                String[] kv = program.get(i + 1).split("=", 2);
                props.put(kv[0], kv[1]);
            }
        }
        return props;
    }

    private static Map<String, Member> byName(ClusterLayout layout) {
        Map<String, Member> byName = new java.util.LinkedHashMap<>();
        layout.members().forEach(m -> byName.put(m.name(), m));
        Set<String> unique = new HashSet<>(byName.keySet());
        assertThat(unique).hasSameSizeAs(layout.members());
        return byName;
    }
}
