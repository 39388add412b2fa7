package dev.sluice.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka 4.2 cluster (KRaft) running inside this JVM: the embedded mode's broker and the
 * one integration tests run against.
 *
 * <p>Topology: node 0 is broker and controller (combined mode, the single voter of a static quorum);
 * nodes 1..N-1 are broker-only. One controller keeps start-up sequential and fast (a 3-voter quorum
 * would need all voters started in parallel before any broker can register) and is enough to test
 * replication, which is about brokers, not controllers.
 *
 * <p>Data lives under {@code dataDir/node-<id>}. Each node's directory is formatted on its first start
 * only; later starts, in this JVM or another, keep every topic and offset. Ports chosen on the first
 * start are remembered by this instance, so {@link #stop()} then {@link #start()} gives clients the same
 * bootstrap address.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER_NODE_ID = "0";

    private final Path configuredDataDir;
    private final int requestedPort;
    private final int brokers;
    private final Map<String, String> brokerProperties;

    private Path dataDir;
    private int[] brokerPorts;
    private int controllerPort;
    private final List<KafkaRaftServer> servers = new ArrayList<>();

    private EmbeddedKafka(Builder builder) {
        this.configuredDataDir = builder.dataDir;
        this.requestedPort = builder.port;
        this.brokers = builder.brokers;
        this.brokerProperties = Map.copyOf(builder.brokerProperties);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data directory if it is new, then starts every node and returns once each broker has
     * caught up with the metadata log and is unfenced, so clients can be used straight away.
     */
    public synchronized EmbeddedKafka start() {
        if (isRunning()) {
            return this;
        }
        try {
            if (dataDir == null) {
                dataDir = configuredDataDir != null
                        ? Files.createDirectories(configuredDataDir)
                        : Files.createTempDirectory("sluice-kafka-");
            }
            if (brokerPorts == null) {
                brokerPorts = requestedPort == 0
                        ? freePorts(brokers)
                        : IntStream.range(0, brokers)
                                .map(i -> requestedPort + i)
                                .toArray();
                controllerPort = freePorts(1)[0];
            }
            String clusterId = clusterId();
            long began = System.nanoTime();
            for (int node = 0; node < brokers; node++) {
                Map<String, String> props = nodeProperties(node);
                KafkaConfig config = new KafkaConfig(props, false);
                formatIfNew(node, clusterId);
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                servers.add(server);
                server.startup();
            }
            LOG.info(
                    "Kafka started: {} broker(s) at {} (data {}) in {} ms",
                    brokers,
                    bootstrapServers(),
                    dataDir,
                    (System.nanoTime() - began) / 1_000_000);
            return this;
        } catch (IOException e) {
            shutdownServers();
            throw new UncheckedIOException(
                    "Could not prepare the Kafka data directory " + dataDir + ": check that it is writable", e);
        } catch (RuntimeException e) {
            shutdownServers();
            throw new IllegalStateException(
                    "Kafka did not start (ports " + Arrays.toString(brokerPorts)
                            + ", controller " + controllerPort + ", data " + dataDir + "): " + e.getMessage()
                            + ". If a port is taken, choose another with port(...) or use 0 for free ports;"
                            + " if the data dir belongs to another cluster, use an empty dataDir",
                    e);
        }
    }

    /** Clean shutdown that keeps data and ports, so {@link #start()} brings the same cluster back. */
    public synchronized void stop() {
        if (!servers.isEmpty()) {
            shutdownServers();
            LOG.info("Kafka stopped (data kept in {})", dataDir);
        }
    }

    /** Stops the cluster; a data dir this instance created itself is deleted, a given one is kept. */
    @Override
    public synchronized void close() {
        stop();
        if (configuredDataDir == null && dataDir != null) {
            deleteRecursively(dataDir);
            dataDir = null;
        }
    }

    public synchronized boolean isRunning() {
        return !servers.isEmpty();
    }

    public int brokers() {
        return brokers;
    }

    /** The address list for {@code bootstrap.servers}; stays the same across stop and start. */
    public synchronized String bootstrapServers() {
        if (brokerPorts == null) {
            throw new IllegalStateException("Kafka has no ports yet: call start() before bootstrapServers()");
        }
        return Arrays.stream(brokerPorts).mapToObj(p -> HOST + ":" + p).collect(Collectors.joining(","));
    }

    /** The directory holding every node's logs and metadata; null before the first start. */
    public synchronized Path dataDir() {
        return dataDir;
    }

    private Map<String, String> nodeProperties(int node) {
        boolean controller = node == 0;
        // copies of internal topics and the default for new topics; min ISR 2 only where a replica can be lost
        String replication = String.valueOf(Math.min(3, brokers));
        String minIsr = brokers >= 3 ? "2" : "1";
        Path nodeDir = nodeDir(node);

        Map<String, String> p = new LinkedHashMap<>();
        p.put("node.id", String.valueOf(node));
        p.put("process.roles", controller ? "broker,controller" : "broker");
        p.put("controller.quorum.voters", CONTROLLER_NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put(
                "listeners",
                "PLAINTEXT://" + HOST + ":" + brokerPorts[node]
                        + (controller ? ",CONTROLLER://" + HOST + ":" + controllerPort : ""));
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPorts[node]);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", nodeDir.toString());
        p.put("metadata.log.dir", nodeDir.toString());

        p.put("default.replication.factor", replication);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", replication);
        p.put("transaction.state.log.replication.factor", replication);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", replication);
        p.put("share.coordinator.state.topic.min.isr", minIsr);

        // fast start-up and a small footprint: a test's first consumer group or transaction creates these
        // internal topics, and 50 partitions each cost seconds on a small machine
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.num.partitions", "5");
        // the log cleaner allocates its dedupe buffer up front: 128 MB per broker by default
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");

        p.putAll(brokerProperties);
        return p;
    }

    private Path nodeDir(int node) {
        return dataDir.resolve("node-" + node);
    }

    /** The cluster id of an existing data dir (so every node and every restart agree), or a new one. */
    private String clusterId() {
        return KafkaStorage.clusterId(nodeDir(0))
                .orElseGet(() -> Uuid.randomUuid().toString());
    }

    private void formatIfNew(int node, String clusterId) {
        String printed = KafkaStorage.formatIfNew(nodeDir(node), node, clusterId);
        if (!printed.isEmpty()) {
            LOG.debug("Formatted node {}: {}", node, printed);
        }
    }

    /** Broker-only nodes go first: their controlled shutdown needs the controller on node 0. */
    private void shutdownServers() {
        RuntimeException failure = null;
        for (int i = servers.size() - 1; i >= 0; i--) {
            KafkaRaftServer server = servers.get(i);
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        servers.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Ports the OS reports free right now. Another process can take one before the broker binds it;
     * that window is tiny and start() then names the port, which beats threading bound ports out of
     * the broker internals.
     */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
                sockets.add(socket);
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on " + HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing was bound to it but our probe
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete the temporary Kafka data dir {}: {}", dir, e.toString());
        }
    }

    /** Checks every setting when it is given, so a mistake fails where it was made. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private int brokers = 1;
        private final Map<String, String> brokerProperties = new HashMap<>();

        private Builder() {}

        /** Where the cluster keeps its data; reused (not reformatted) if it already holds a cluster. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir must not be null: pass a directory path");
            return this;
        }

        /** The first broker's port; broker i listens on port + i. 0 (the default) picks free ports. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (pick a free port) or 1..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** How many brokers; 3 or more gives replication 3 and min ISR 2 by default. */
        public Builder brokers(int brokers) {
            if (brokers < 1 || brokers > 9) {
                throw new IllegalArgumentException("brokers must be between 1 and 9, was " + brokers);
            }
            this.brokers = brokers;
            return this;
        }

        /** A broker config for every node, applied last so it overrides the embedded defaults. */
        public Builder brokerProperty(String key, String value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException(
                        "brokerProperty key must be a Kafka broker config name, was '" + key + "'");
            }
            this.brokerProperties.put(key, Objects.requireNonNull(value, "brokerProperty '" + key + "' needs a value"));
            return this;
        }

        public EmbeddedKafka build() {
            if (port != 0 && port + brokers - 1 > 65535) {
                throw new IllegalArgumentException(
                        "port " + port + " leaves no room for " + brokers + " brokers (port + i each)");
            }
            return new EmbeddedKafka(this);
        }
    }
}
