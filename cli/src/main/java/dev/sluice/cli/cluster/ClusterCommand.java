package dev.sluice.cli.cluster;

import dev.sluice.cli.SummaryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice cluster up|status|kill|restart|down}: the multi-process cluster on this machine. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "A multi-process cluster on this machine: 3 Kafka brokers (KRaft), a Flink session cluster,"
                + " PostgreSQL, SMTP and every Sluice service in its own JVM.",
        subcommands = {
            ClusterCommand.Up.class,
            ClusterCommand.Status.class,
            ClusterCommand.Kill.class,
            ClusterCommand.Restart.class,
            ClusterCommand.Down.class
        })
public final class ClusterCommand {
    private ClusterCommand() {}

    /** {@code --dir}, shared by every subcommand. */
    static final class DirOption {
        @Option(
                names = "--dir",
                paramLabel = "DIR",
                defaultValue = "cluster",
                description = "the cluster's data, configuration, logs and pids (default: ./cluster)")
        Path dir;

        Cluster open() {
            return Cluster.open(dir);
        }
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = "Start every process detached and return once all are ready (data kept across runs).")
    static final class Up implements Callable<Integer> {
        @Mixin
        DirOption dir;

        @Option(names = "--apps", split = ",", paramLabel = "APP", description = "answers, orders or both (default)")
        Set<String> apps = Set.of("answers", "orders");

        @Option(
                names = "--base-port",
                defaultValue = "" + ClusterLayout.DEFAULT_BASE_PORT,
                description = "every port is base + offset (default: ${DEFAULT-VALUE}; docs/reliability.md)")
        int basePort;

        @Option(
                names = "--jar",
                paramLabel = "JAR",
                description = "the shaded jar every process runs (default: this one)")
        Path jar;

        @Option(names = "--fresh", description = "wipe the cluster dir first (all data is lost)")
        boolean fresh;

        @Option(
                names = "--timeout",
                defaultValue = "5m",
                converter = dev.sluice.cli.DurationConverter.class,
                description = "how long the whole start may take (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        public Integer call() {
            for (String app : apps) {
                if (!Set.of("answers", "orders").contains(app)) {
                    throw new IllegalArgumentException("--apps takes answers and/or orders, not '" + app + "'");
                }
            }
            Cluster.clearDir(dir.dir, fresh);
            ClusterLayout layout = new ClusterLayout(
                    dir.dir,
                    basePort,
                    SluiceJar.install(jar != null ? jar.toAbsolutePath() : SluiceJar.locate(), dir.dir),
                    apps.contains("answers"),
                    apps.contains("orders"));
            Cluster cluster = Cluster.of(layout);
            int total = cluster.members().size();
            long began = System.nanoTime();
            System.out.println("sluice cluster: starting " + total + " processes in " + layout.dir() + " ...");
            int[] ready = {0};
            cluster.up(
                    timeout,
                    name -> System.out.printf(
                            "  [%2d/%d] %-16s ready (%.0f s)%n",
                            ++ready[0], total, name, (System.nanoTime() - began) / 1e9));
            System.out.println();
            System.out.println("Kafka      " + layout.bootstrapServers());
            System.out.println("PostgreSQL " + layout.jdbcUrl());
            if (layout.answers()) {
                System.out.println("Flink      " + layout.flinkRest());
                System.out.println("answers    " + layout.gatewayUrl() + "/api/questions");
            }
            if (layout.orders()) {
                System.out.println("orders     " + layout.ordersUrl() + "/orders");
                System.out.println("mailbox    " + layout.smtpHttp() + "/messages");
            }
            System.out.println("logs       " + layout.logs());
            System.out.println("`sluice cluster status` shows every process; `sluice cluster down` stops them.");
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Every process: pid, role, ports, state, readiness; consumer lag per group.")
    static final class Status implements Callable<Integer> {
        @Mixin
        DirOption dir;

        @Mixin
        SummaryOptions output;

        @Override
        public Integer call() {
            Cluster cluster = dir.open();
            List<Map<String, Object>> rows = new ArrayList<>();
            boolean allReady = true;
            for (Member m : cluster.members()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", m.name());
                row.put("role", m.role());
                row.put("pid", cluster.pid(m.name()).orElse(null));
                row.put("state", cluster.processState(m.name()));
                boolean ready = cluster.ready(m);
                allReady &= ready;
                row.put("ready", ready);
                row.put("ports", m.ports());
                rows.add(row);
            }
            Map<String, Long> lag = ClusterStatus.lagPerGroup(cluster.layout());
            if (output.json()) {
                Map<String, Object> all = new LinkedHashMap<>();
                all.put("dir", cluster.layout().dir().toString());
                all.put("processes", rows);
                all.put("consumer_lag", lag);
                all.put("all_ready", allReady);
                System.out.println(dev.sluice.platform.report.Summary.json(all));
            } else {
                System.out.printf("%-16s %-12s %-8s %-8s %-6s %s%n", "NAME", "ROLE", "PID", "STATE", "READY", "PORTS");
                for (Map<String, Object> r : rows) {
                    System.out.printf(
                            "%-16s %-12s %-8s %-8s %-6s %s%n",
                            r.get("name"),
                            r.get("role"),
                            r.get("pid") == null ? "-" : r.get("pid"),
                            r.get("state"),
                            (Boolean) r.get("ready") ? "yes" : "no",
                            r.get("ports"));
                }
                System.out.println();
                if (lag.isEmpty()) {
                    System.out.println("consumer lag: Kafka does not answer or no group has committed yet");
                } else {
                    System.out.printf("%-40s %s%n", "CONSUMER GROUP", "LAG");
                    lag.forEach((g, l) -> System.out.printf("%-40s %d%n", g, l));
                }
            }
            return allReady ? 0 : 1;
        }
    }

    @Command(
            name = "kill",
            mixinStandardHelpOptions = true,
            description = "Send a signal to one process: ROLE (when there is one) or ROLE#i, e.g. broker#0, worker#2.")
    static final class Kill implements Callable<Integer> {
        @Mixin
        DirOption dir;

        @Parameters(paramLabel = "ROLE[#i]", description = "the process, e.g. broker#1, taskmanager#2, storage")
        String selector;

        @Option(
                names = "--signal",
                defaultValue = "KILL",
                description = "KILL (default), TERM, STOP (freeze it: a zombie that holds its sessions) or CONT")
        String signal;

        @Override
        public Integer call() {
            String s = signal.toUpperCase(java.util.Locale.ROOT).replaceFirst("^SIG", "");
            if (!Set.of("KILL", "TERM", "STOP", "CONT", "INT", "HUP").contains(s)) {
                throw new IllegalArgumentException("--signal takes KILL, TERM, STOP, CONT, INT or HUP, not " + signal);
            }
            Cluster cluster = dir.open();
            Member m = cluster.member(selector);
            cluster.signal(m.name(), s);
            System.out.println("sent SIG" + s + " to " + m.name() + " (pid "
                    + cluster.pid(m.name()).orElse(-1L) + ")");
            return 0;
        }
    }

    @Command(
            name = "restart",
            mixinStandardHelpOptions = true,
            description = "Stop one process (if running) and start it again; returns once it is ready.")
    static final class Restart implements Callable<Integer> {
        @Mixin
        DirOption dir;

        @Parameters(paramLabel = "ROLE[#i]", description = "the process, e.g. broker#1, jobmanager, worker#2")
        String selector;

        @Option(
                names = "--timeout",
                defaultValue = "3m",
                converter = dev.sluice.cli.DurationConverter.class,
                description = "how long to wait for it to be ready (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        public Integer call() {
            Cluster cluster = dir.open();
            Member m = cluster.member(selector);
            long began = System.nanoTime();
            cluster.restart(m.name(), timeout);
            System.out.printf(
                    "%s restarted (pid %d), ready after %.1f s%n",
                    m.name(), cluster.pid(m.name()).orElse(-1L), (System.nanoTime() - began) / 1e9);
            return 0;
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = "Stop every process (SIGTERM, SIGKILL after 30 s); the data stays unless --wipe.")
    static final class Down implements Callable<Integer> {
        @Mixin
        DirOption dir;

        @Option(names = "--wipe", description = "also delete the cluster dir")
        boolean wipe;

        @Override
        public Integer call() throws Exception {
            Cluster cluster = dir.open();
            cluster.down(name -> System.out.println("  stopped " + name));
            if (wipe) {
                Cluster.deleteRecursively(cluster.layout().dir());
                System.out.println(
                        "sluice cluster: stopped, " + cluster.layout().dir() + " deleted");
            } else {
                System.out.println("sluice cluster: stopped (data kept in "
                        + cluster.layout().dir() + ")");
            }
            return 0;
        }
    }
}
