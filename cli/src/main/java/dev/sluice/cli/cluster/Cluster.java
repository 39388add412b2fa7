package dev.sluice.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.platform.embedded.KafkaStorage;
import dev.sluice.platform.kafka.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * The cluster's processes as the OS sees them: started detached (own session, so a Ctrl-C in the
 * shell that ran {@code cluster up} does not reach them), one log each, their pids kept in
 * {@code cluster.json} under the cluster dir so {@code status}, {@code kill}, {@code restart} and
 * {@code down} from another shell act on the same processes.
 */
public final class Cluster {
    private static final String STATE = "cluster.json";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final ClusterLayout layout;
    /** The layout's processes, planned once: the plan reads the jar's manifest and computes Flink's memory. */
    private final List<Member> members;

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Cluster(ClusterLayout layout) {
        this.layout = layout;
        this.members = layout.members();
    }

    public ClusterLayout layout() {
        return layout;
    }

    /** The cluster whose state is in {@code dir} (from an earlier {@code up}). */
    public static Cluster open(Path dir) {
        Path state = dir.toAbsolutePath().resolve(STATE);
        if (!Files.exists(state)) {
            throw new IllegalStateException("no cluster in " + dir.toAbsolutePath() + " (" + STATE
                    + " missing): start one with `sluice cluster up`");
        }
        try {
            JsonNode json = Json.mapper().readTree(state.toFile());
            Cluster cluster = new Cluster(new ClusterLayout(
                    Path.of(json.get("dir").asText()),
                    json.get("base_port").asInt(),
                    Path.of(json.get("jar").asText()),
                    json.get("answers").asBoolean(),
                    json.get("orders").asBoolean()));
            json.get("pids")
                    .fields()
                    .forEachRemaining(
                            e -> cluster.pids.put(e.getKey(), e.getValue().asLong()));
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + state, e);
        }
    }

    public static Cluster of(ClusterLayout layout) {
        return new Cluster(layout);
    }

    /** Refuses a dir whose cluster still has a live process; with {@code fresh}, deletes the dir. */
    public static void clearDir(Path dir, boolean fresh) {
        if (Files.exists(dir.toAbsolutePath().resolve(STATE))) {
            Cluster running = open(dir);
            if (running.members().stream().anyMatch(m -> running.alive(m.name()))) {
                throw new IllegalStateException("a cluster is already running in " + dir.toAbsolutePath()
                        + ": `sluice cluster status` shows it, `sluice cluster down` stops it");
            }
        }
        if (fresh) {
            deleteRecursively(dir.toAbsolutePath());
        }
    }

    /**
     * Writes the configuration (formatting Kafka's storage on first use), starts every process phase
     * by phase and returns once all are ready. Call {@link #clearDir} first.
     */
    public void up(Duration timeout, Consumer<String> progress) {
        prepare();
        Instant deadline = Instant.now().plus(timeout);
        int lastPhase = members().stream().mapToInt(Member::phase).max().orElse(0);
        for (int phase = 0; phase <= lastPhase; phase++) {
            List<Member> batch = new ArrayList<>();
            for (Member m : members()) {
                if (m.phase() == phase) {
                    launch(m);
                    batch.add(m);
                }
            }
            save();
            for (Member m : batch) {
                awaitReady(m, deadline);
                progress.accept(m.name());
            }
            if (phase == 0 && layout.answers()) {
                awaitFlinkSlots(0, deadline);
            }
            if (phase == 1 && layout.answers()) {
                awaitFlinkSlots(ClusterLayout.TASK_MANAGERS * 2, deadline);
            }
        }
    }

    public List<Member> members() {
        return members;
    }

    public Member member(String selector) {
        List<Member> matches =
                members().stream().filter(m -> m.answersTo(selector)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        List<String> names = members().stream().map(Member::name).toList();
        throw new IllegalArgumentException((matches.isEmpty() ? "no process '" : "more than one process is '")
                + selector + "'; the cluster's processes are " + names
                + " (ROLE#i names one of several, e.g. worker#2)");
    }

    public Optional<Long> pid(String name) {
        return Optional.ofNullable(pids.get(name));
    }

    public boolean alive(String name) {
        return pid(name).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    /** {@code R} running, {@code T} stopped (SIGSTOP), {@code dead}: from /proc where there is one. */
    public String processState(String name) {
        if (!alive(name)) {
            return "dead";
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pids.get(name)), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'T' || state == 't' ? "stopped" : "running";
        } catch (IOException | RuntimeException e) {
            return "running";
        }
    }

    /** Sends {@code signal} (KILL, TERM, STOP, CONT, ...) to one process. */
    public void signal(String name, String signal) {
        long pid = pid(name).orElseThrow(() -> new IllegalStateException(name + " was never started"));
        if (!alive(name)) {
            throw new IllegalStateException(name + " (pid " + pid + ") is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, String.valueOf(pid))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -s " + signal + " " + pid + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        note(name, "signal " + signal);
    }

    /** SIGKILL and wait until the process is gone. */
    public void kill(String name) {
        signal(name, "KILL");
        awaitExit(name, Duration.ofSeconds(30));
    }

    /** Stops a process (SIGTERM, SIGKILL after 30 s; SIGCONT first if it is stopped), starts it again, waits until ready. */
    public void restart(String name, Duration timeout) {
        stop(name);
        start(name, timeout);
    }

    /** Starts a process that is not running and waits until it is ready. */
    public void start(String name, Duration timeout) {
        Member m = member(name);
        if (alive(m.name())) {
            throw new IllegalStateException(m.name() + " is already running (pid " + pids.get(m.name()) + ")");
        }
        launch(m);
        save();
        awaitReady(m, Instant.now().plus(timeout));
    }

    /** SIGTERM (after SIGCONT, in case it was stopped), SIGKILL after the grace period; nothing if not running. */
    public void stop(String name) {
        if (!alive(name)) {
            return;
        }
        signal(name, "CONT");
        signal(name, "TERM");
        if (!awaitExit(name, STOP_GRACE)) {
            signal(name, "KILL");
            awaitExit(name, Duration.ofSeconds(30));
        }
    }

    /** Stops every process, services first and the brokers and PostgreSQL last. */
    public void down(Consumer<String> progress) {
        List<Member> reverse = new ArrayList<>(members());
        reverse.sort(Comparator.comparingInt(Member::phase).reversed());
        // a phase at a time: the services in parallel, then Flink's TaskManagers, then the rest
        int phase = Integer.MAX_VALUE;
        List<Member> batch = new ArrayList<>();
        for (Member m : reverse) {
            if (m.phase() != phase) {
                stopAll(batch, progress);
                batch.clear();
                phase = m.phase();
            }
            batch.add(m);
        }
        stopAll(batch, progress);
    }

    private void stopAll(List<Member> batch, Consumer<String> progress) {
        for (Member m : batch) {
            if (alive(m.name())) {
                signal(m.name(), "CONT");
                signal(m.name(), "TERM");
            }
        }
        for (Member m : batch) {
            if (pids.containsKey(m.name()) && !awaitExit(m.name(), STOP_GRACE)) {
                signal(m.name(), "KILL");
                awaitExit(m.name(), Duration.ofSeconds(30));
            }
            progress.accept(m.name());
        }
    }

    /** Whether the process answers its readiness check now. */
    public boolean ready(Member m) {
        if (!alive(m.name())) {
            return false;
        }
        if (m.readyUrl() != null) {
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create(m.readyUrl()))
                                .timeout(Duration.ofSeconds(3))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return r.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (m.readyPort() > 0) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", m.readyPort()), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return true; // a TaskManager: counted through the JobManager's slots
    }

    /** The JobManager's view: registered TaskManagers and free/total slots, or empty when it does not answer. */
    public Optional<JsonNode> flinkOverview() {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(layout.flinkRest() + "/overview"))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(Json.mapper().readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Waits until the JobManager has at least {@code slots} slots (0: until it answers at all). */
    public void awaitFlinkSlots(int slots, Instant deadline) {
        while (true) {
            Optional<JsonNode> overview = flinkOverview();
            if (overview.isPresent() && overview.get().path("slots-total").asInt() >= slots) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Flink did not offer " + slots + " task slots in time; see "
                        + layout.log("jobmanager") + " and the taskmanager logs");
            }
            pause(Duration.ofMillis(500));
        }
    }

    public void awaitReady(Member m, Instant deadline) {
        while (!ready(m)) {
            if (!alive(m.name())) {
                throw new IllegalStateException(m.name() + " exited while starting:\n" + tail(m.name(), 25));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        m.name() + " was not ready in time (" + describeCheck(m) + "):\n" + tail(m.name(), 25));
            }
            pause(Duration.ofMillis(500));
        }
    }

    private static String describeCheck(Member m) {
        return m.readyUrl() != null ? "GET " + m.readyUrl() : "port " + m.readyPort();
    }

    private boolean awaitExit(String name, Duration timeout) {
        Optional<ProcessHandle> handle = pid(name).flatMap(ProcessHandle::of);
        if (handle.isEmpty()) {
            return true;
        }
        try {
            handle.get().onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.get().isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last {@code lines} lines of a process's log. */
    public String tail(String name, int lines) {
        try {
            List<String> all = Files.readAllLines(layout.log(name), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no log at " + layout.log(name) + ")";
        }
    }

    private void launch(Member m) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // its own session: no terminal signal reaches it
        }
        command.addAll(m.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(layout.dir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(layout.log(m.name()).toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(m.environment());
        note(m.name(), "start: " + String.join(" ", m.command()));
        try {
            Process process = builder.start();
            pids.put(m.name(), process.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + m.name() + ": " + e.getMessage(), e);
        }
    }

    /** A line in the process's log saying what the cluster did to it, so its log tells the whole story. */
    private void note(String name, String what) {
        try {
            Files.createDirectories(layout.logs());
            Files.writeString(
                    layout.log(name),
                    "=== sluice cluster " + Instant.now() + " " + name + ": " + what + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is for people; the action itself has happened
        }
    }

    private void prepare() {
        try {
            Files.createDirectories(layout.logs());
            Files.createDirectories(layout.checkpoints());
            Files.createDirectories(layout.dir().resolve("kafka"));
            formatKafka();
            FlinkProcesses.writeConfig(layout);
            FlinkProcesses.checkConfigReadable(layout);
            writeProperties(layout.servicesConfig(), layout.servicesProperties());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + layout.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Writes every node's server.properties and formats the nodes never formatted, with one cluster id. */
    private void formatKafka() throws IOException {
        String clusterId = null;
        for (int node = 0; node < ClusterLayout.BROKERS && clusterId == null; node++) {
            clusterId = KafkaStorage.clusterId(layout.kafkaDir(node)).orElse(null);
        }
        if (clusterId == null) {
            clusterId = Uuid.randomUuid().toString();
        }
        for (int node = 0; node < ClusterLayout.BROKERS; node++) {
            writeProperties(layout.kafkaProperties(node), layout.kafkaNode(node));
            KafkaStorage.formatIfNew(layout.kafkaDir(node), node, clusterId);
        }
    }

    private static void writeProperties(Path file, Map<String, String> values) throws IOException {
        Properties props = new Properties() {
            // keys in insertion order, for a person reading the file
            @Override
            public synchronized java.util.Set<Map.Entry<Object, Object>> entrySet() {
                java.util.Set<Map.Entry<Object, Object>> ordered = new java.util.LinkedHashSet<>();
                values.forEach((k, v) -> ordered.add(Map.entry(k, v)));
                return ordered;
            }
        };
        values.forEach(props::setProperty);
        Files.createDirectories(file.getParent());
        try (var out = Files.newOutputStream(file)) {
            props.store(out, "written by sluice cluster up");
        }
    }

    private void save() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("dir", layout.dir().toString());
        json.put("base_port", layout.basePort());
        json.put("jar", layout.jar().toString());
        json.put("answers", layout.answers());
        json.put("orders", layout.orders());
        ObjectNode p = json.putObject("pids");
        pids.forEach(p::put);
        try {
            Path tmp = layout.dir().resolve(STATE + ".tmp");
            Files.writeString(
                    tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
            Files.move(
                    tmp,
                    layout.dir().resolve(STATE),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + layout.dir().resolve(STATE), e);
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Deletes {@code dir} and everything in it; nothing when it does not exist. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
