package dev.sluice.cli.chaos;

import dev.sluice.cli.cluster.Cluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * One kind of fault {@code sluice chaos} injects, and how the cluster is brought back: a process
 * SIGKILLed and started again, a broker frozen with SIGSTOP past its session timeout, PostgreSQL
 * stopped, the SMTP server refusing, the LLM answering 503s and 429s. {@link #inject} returns once
 * the fault is over and the repair has been made (the restarted process ready); what the
 * pipeline does meanwhile is what the run measures.
 */
record Fault(String type, String description, Action action) {
    static final Duration RESTART_TIMEOUT = Duration.ofMinutes(3);

    @FunctionalInterface
    interface Action {
        /** Injects the fault in round {@code round} (0-based) and repairs it; returns what was hit. */
        String run(Cluster cluster, int round) throws Exception;
    }

    String inject(Cluster cluster, int round) throws Exception {
        return action.run(cluster, round);
    }

    /** The faults of one application, in the order a round runs them. */
    static List<Fault> forApp(String app) {
        List<Fault> all = new ArrayList<>();
        String topic = app.equals("answers") ? "questions.pending" : "orders.requested";
        all.add(new Fault(
                "broker-leader-kill", "SIGKILL of the broker leading " + topic + "-0, restarted 5 s later", (c, r) -> {
                    String broker = leader(c, topic);
                    c.kill(broker);
                    pause(Duration.ofSeconds(5));
                    c.start(broker, RESTART_TIMEOUT);
                    return broker;
                }));
        all.add(new Fault(
                "broker-zombie",
                "SIGSTOP of the broker leading " + topic + "-0 for 15 s (past its 9 s session timeout), then SIGCONT",
                (c, r) -> {
                    String broker = leader(c, topic);
                    c.signal(broker, "STOP");
                    pause(Duration.ofSeconds(15));
                    c.signal(broker, "CONT");
                    return broker;
                }));
        if (app.equals("answers")) {
            all.add(restart("taskmanager-kill", "taskmanager", true));
            all.add(new Fault(
                    "jobmanager-kill",
                    "SIGKILL of the JobManager (no HA): a new JobManager, then the scoring job resubmitted from its newest"
                            + " retained checkpoint by restarting the scoring service",
                    (c, r) -> {
                        c.kill("jobmanager");
                        c.start("jobmanager", RESTART_TIMEOUT);
                        c.awaitFlinkSlots(4, Instant.now().plus(RESTART_TIMEOUT));
                        c.restart("scoring", RESTART_TIMEOUT);
                        return "jobmanager";
                    }));
            all.add(restart("worker-kill", "worker", true));
            all.add(restart("scheduler-kill", "scheduler", false));
            all.add(restart("storage-kill", "storage", false));
            all.add(restart("gateway-kill", "gateway", false));
        } else {
            all.add(restart("api-kill", "orders-api", false));
            all.add(restart("processor-kill", "processor", false));
            all.add(restart("notifier-kill", "notifier", false));
            all.add(restart("delay-scheduler-kill", "delay-scheduler", false));
        }
        all.add(new Fault(
                "postgres-stop", "PostgreSQL stopped (SIGTERM, fast shutdown) for 10 s, then started", (c, r) -> {
                    c.stop("postgres");
                    pause(Duration.ofSeconds(10));
                    c.start("postgres", RESTART_TIMEOUT);
                    return "postgres";
                }));
        if (app.equals("answers")) {
            all.add(new Fault("llm-storm", "the LLM answers every call with 503 or 429 for 10 s", (c, r) -> {
                post(c.layout().simulatorUrl() + "/simulator/storm?seconds=10");
                pause(Duration.ofSeconds(10));
                return "simulator";
            }));
        } else {
            all.add(new Fault("smtp-refuse", "the SMTP server answers 421 to every connection for 10 s", (c, r) -> {
                post(c.layout().smtpHttp() + "/refuse?seconds=10");
                pause(Duration.ofSeconds(10));
                return "smtp";
            }));
        }
        return all;
    }

    /** SIGKILL of the role's process (alternating between instances when there are two), started again at once. */
    private static Fault restart(String type, String role, boolean twoInstances) {
        return new Fault(
                type, "SIGKILL of " + role + (twoInstances ? " #1 or #2 in turn" : "") + ", started again", (c, r) -> {
                    String name = twoInstances ? role + "-" + (r % 2 + 1) : role;
                    c.kill(name);
                    c.start(name, RESTART_TIMEOUT);
                    return name;
                });
    }

    /** The broker process leading partition 0 of {@code topic} now. */
    static String leader(Cluster cluster, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                "bootstrap.servers",
                cluster.layout().bootstrapServers(),
                "request.timeout.ms",
                10000,
                "default.api.timeout.ms",
                15000))) {
            TopicDescription d = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(20, TimeUnit.SECONDS)
                    .get(topic);
            return "broker-" + d.partitions().get(0).leader().id();
        }
    }

    private static void post(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    static void pause(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
