package dev.sluice.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The multi-process topology {@code sluice cluster} runs on one machine, every process from the
 * same shaded jar: 3 Kafka nodes in KRaft combined mode (3 controller voters, replication 3, min
 * ISR 2), a Flink standalone session cluster (a JobManager and 2 TaskManagers, checkpoints in a
 * directory all share), PostgreSQL and an SMTP server, the LLM simulator, and every Sluice service
 * in a JVM of its own. Ports are {@code basePort + offset} (table in docs/reliability.md); data,
 * configuration and one log per process live under {@code dir}.
 *
 * <p>Heaps are sized for the whole cluster (about 20 JVMs) to fit a 2-core, 24 GB machine with room:
 * brokers 512 MB, TaskManagers 2.5 GB process size (Flink's own memory model: 1 GB task heap, 512 MB
 * off-heap for the ONNX scorers), the SMTP server 1.5 GB (GreenMail keeps every message, about 4.5 KB
 * each: 80 e-mails/s for half an hour), every other JVM 128–384 MB, serial GC where a process has
 * little to collect.
 */
public record ClusterLayout(Path dir, int basePort, Path jar, boolean answers, boolean orders) {
    public static final int DEFAULT_BASE_PORT = 19000;
    public static final int BROKERS = 3;
    public static final int TASK_MANAGERS = 2;
    public static final int WORKERS = 2;

    static final int KAFKA = 92; // broker i: +92+i; its controller listener: +95+i
    static final int POSTGRES = 432;
    static final int SMTP = 25;
    static final int SMTP_HTTP = 26;
    static final int FLINK_REST = 81;
    static final int FLINK_RPC = 123;
    static final int FLINK_BLOB = 124;
    static final int FLINK_TM_RPC = 130; // a range of 10
    static final int SIMULATOR = 434;
    static final int GATEWAY = 180;
    static final int WORKER = 181; // worker i: +180+i
    static final int SCHEDULER = 183;
    static final int STORAGE = 184;
    static final int SCORING = 185;
    static final int ORDERS_API = 190;
    static final int PROCESSOR = 191;
    static final int NOTIFIER = 192;
    static final int DELAY_SCHEDULER = 193;

    public ClusterLayout {
        dir = dir.toAbsolutePath().normalize();
        if (basePort < 1024 || basePort > 65000) {
            throw new IllegalArgumentException("--base-port must be from 1024 to 65000, was " + basePort);
        }
        if (!answers && !orders) {
            throw new IllegalArgumentException("--apps must name answers, orders or both");
        }
    }

    public int port(int offset) {
        return basePort + offset;
    }

    public String bootstrapServers() {
        return IntStream.range(0, BROKERS)
                .mapToObj(i -> "127.0.0.1:" + port(KAFKA + i))
                .collect(Collectors.joining(","));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port(POSTGRES) + "/sluice";
    }

    public String flinkRest() {
        return "http://127.0.0.1:" + port(FLINK_REST);
    }

    public String smtpHttp() {
        return "http://127.0.0.1:" + port(SMTP_HTTP);
    }

    public String simulatorUrl() {
        return "http://127.0.0.1:" + port(SIMULATOR);
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + port(GATEWAY);
    }

    public String ordersUrl() {
        return "http://127.0.0.1:" + port(ORDERS_API);
    }

    public Path logs() {
        return dir.resolve("logs");
    }

    public Path log(String name) {
        return logs().resolve(name + ".log");
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    Path kafkaDir(int node) {
        return dir.resolve("kafka").resolve("node-" + node);
    }

    Path flinkConfDir() {
        return dir.resolve("flink");
    }

    Path servicesConfig() {
        return dir.resolve("sluice.properties");
    }

    /** Every process, in start order. */
    public List<Member> members() {
        List<Member> all = new ArrayList<>();
        all.add(infra(
                "postgres",
                0,
                "postgres",
                POSTGRES,
                "--data-dir",
                dir.resolve("postgres").toString()));
        if (orders) {
            all.add(new Member(
                    "smtp",
                    "smtp",
                    0,
                    sluice("1536m", "infra", "smtp", "--port", "" + port(SMTP), "--http-port", "" + port(SMTP_HTTP)),
                    Map.of(),
                    ports("smtp", port(SMTP), "http", port(SMTP_HTTP)),
                    smtpHttp() + "/messages",
                    0));
        }
        for (int i = 0; i < BROKERS; i++) {
            all.add(new Member(
                    "broker-" + i,
                    "broker",
                    0,
                    java("512m", false, "kafka.Kafka", kafkaProperties(i).toString()),
                    Map.of(),
                    ports("kafka", port(KAFKA + i), "controller", port(KAFKA + BROKERS + i)),
                    null,
                    port(KAFKA + i)));
        }
        if (answers) {
            all.add(new Member(
                    "simulator",
                    "simulator",
                    0,
                    sluice("256m", "answers", "simulator", "--port", "" + port(SIMULATOR)),
                    Map.of(),
                    ports("http", port(SIMULATOR)),
                    simulatorUrl() + "/v1/models",
                    0));
            all.add(new Member(
                    "jobmanager",
                    "jobmanager",
                    0,
                    java(
                            "768m",
                            true,
                            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                            "--configDir",
                            flinkConfDir().toString()),
                    Map.of(),
                    ports("rest", port(FLINK_REST), "rpc", port(FLINK_RPC)),
                    flinkRest() + "/overview",
                    0));
            for (int i = 1; i <= TASK_MANAGERS; i++) {
                all.add(new Member(
                        "taskmanager-" + i,
                        "taskmanager",
                        1,
                        FlinkProcesses.taskManagerCommand(this, "taskmanager-" + i),
                        Map.of(),
                        ports(),
                        null,
                        0));
            }
            all.add(service("gateway", GATEWAY, "answers", "gateway"));
            for (int i = 1; i <= WORKERS; i++) {
                all.add(service(
                        "worker-" + i,
                        WORKER + i - 1,
                        "answers",
                        "worker",
                        "--instance",
                        "worker-" + i,
                        "--llm",
                        "openai",
                        "--llm-url",
                        simulatorUrl(),
                        "--model",
                        "sluice-simulator"));
            }
            all.add(service("scheduler", SCHEDULER, "answers", "scheduler"));
            all.add(service("storage", STORAGE, "answers", "storage"));
            all.add(service("scoring", SCORING, "answers", "scoring"));
        }
        if (orders) {
            all.add(service("orders-api", ORDERS_API, "orders", "serve", "--parts", "api"));
            all.add(service("processor", PROCESSOR, "orders", "serve", "--parts", "processor"));
            all.add(service("notifier", NOTIFIER, "orders", "serve", "--parts", "notifier"));
            all.add(service("delay-scheduler", DELAY_SCHEDULER, "orders", "serve", "--parts", "scheduler"));
        }
        return all;
    }

    private Member infra(String name, int phase, String what, int offset, String... args) {
        List<String> command = new ArrayList<>(sluice("128m", "infra", what, "--port", "" + port(offset)));
        command.addAll(Arrays.asList(args));
        return new Member(name, name, phase, command, Map.of(), ports(what, port(offset)), null, port(offset));
    }

    private Member service(String name, int offset, String... args) {
        List<String> command = new ArrayList<>(sluice("384m", args));
        command.addAll(List.of(
                "--config",
                servicesConfig().toString(),
                "--work-dir",
                dir.resolve("work").resolve(name).toString(),
                "--set",
                "http.port=" + port(offset)));
        String role = name.replaceAll("-\\d+$", "");
        return new Member(
                name,
                role,
                2,
                command,
                Map.of("SLUICE_DATABASE_PASSWORD", "postgres"),
                ports("http", port(offset)),
                "http://127.0.0.1:" + port(offset) + "/ready",
                0);
    }

    private List<String> sluice(String heap, String... args) {
        return java(heap, true, "dev.sluice.cli.Main", args);
    }

    /** {@code java -Xmx.. [opens] -cp jar mainClass args}; serial GC for the small heaps. */
    List<String> java(String heap, boolean opens, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.add("-Dsluice.cluster=" + dir);
        if (opens) {
            command.addAll(addOpens(jar));
        }
        command.add("-cp");
        command.add(jar.toString());
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return command;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The jar manifest's {@code Add-Opens} as command-line flags: {@code -cp} ignores the manifest, Flink needs them. */
    static List<String> addOpens(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            String opens = file.getManifest() == null
                    ? null
                    : file.getManifest().getMainAttributes().getValue("Add-Opens");
            if (opens == null || opens.isBlank()) {
                return List.of();
            }
            return Arrays.stream(opens.trim().split("\\s+"))
                    .map(p -> "--add-opens=" + p + "=ALL-UNNAMED")
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar, e);
        }
    }

    private static Map<String, Integer> ports(Object... pairs) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            ports.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return ports;
    }

    Path kafkaProperties(int node) {
        return dir.resolve("kafka").resolve("node-" + node + ".properties");
    }

    /** A node's server.properties: broker and controller in one process, one of 3 static voters. */
    Map<String, String> kafkaNode(int node) {
        String voters = IntStream.range(0, BROKERS)
                .mapToObj(i -> i + "@127.0.0.1:" + port(KAFKA + BROKERS + i))
                .collect(Collectors.joining(","));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("node.id", String.valueOf(node));
        p.put("process.roles", "broker,controller");
        p.put("controller.quorum.voters", voters);
        p.put("controller.listener.names", "CONTROLLER");
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port(KAFKA + node) + ",CONTROLLER://127.0.0.1:"
                        + port(KAFKA + BROKERS + node));
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port(KAFKA + node));
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", kafkaDir(node).toString());
        p.put("metadata.log.dir", kafkaDir(node).toString());
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        p.put("offsets.topic.replication.factor", "3");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("share.coordinator.state.topic.replication.factor", "3");
        p.put("share.coordinator.state.topic.min.isr", "2");
        p.put("unclean.leader.election.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.num.partitions", "5");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        return p;
    }

    /** The configuration every Sluice service of the cluster reads ({@code --config}). */
    Map<String, String> servicesProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap-servers", bootstrapServers());
        p.put("kafka.replication-factor", "3");
        p.put("database.url", jdbcUrl());
        p.put("database.username", "postgres");
        p.put("database.pool-size", "4");
        if (answers) {
            p.put("flink.mode", "remote");
            p.put("flink.host", "127.0.0.1");
            p.put("flink.rest-port", String.valueOf(port(FLINK_REST)));
            p.put("flink.jar", jar.toString());
            p.put("answers.checkpoint-dir", checkpoints().toUri().toString());
        }
        if (orders) {
            p.put("orders.smtp.host", "127.0.0.1");
            p.put("orders.smtp.port", String.valueOf(port(SMTP)));
            p.put("orders.smtp.tls", "false");
        }
        return p;
    }
}
