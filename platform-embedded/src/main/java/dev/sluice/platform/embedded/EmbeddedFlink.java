package dev.sluice.platform.embedded;

import dev.sluice.platform.flink.FlinkTarget;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink of embedded mode and tests: a MiniCluster in this JVM with its REST endpoint and web UI,
 * so the demo shows running jobs at {@link #webUiUrl()} as a real cluster would.
 *
 * <p>Jobs submitted through {@link #environment()} go straight to this MiniCluster instead of
 * starting one per job, which is what {@code StreamExecutionEnvironment.getExecutionEnvironment()}
 * would do.
 */
public final class EmbeddedFlink implements FlinkTarget, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlink.class);
    private static final String EXECUTOR_NAME = "sluice-embedded-minicluster";
    private static final long STOP_TIMEOUT_SECONDS = 60;

    private final int taskSlots;
    private final int requestedRestPort;
    private final String bindAddress;
    private final Configuration extraConfiguration;
    private MiniCluster miniCluster;
    private URI restAddress;

    private EmbeddedFlink(Builder builder) {
        this.taskSlots = builder.taskSlots;
        this.requestedRestPort = builder.restPort;
        this.bindAddress = builder.bindAddress;
        this.extraConfiguration = new Configuration(builder.configuration);
    }

    public static Builder builder() {
        return new Builder();
    }

    public synchronized EmbeddedFlink start() {
        if (miniCluster != null) {
            return this;
        }
        Configuration config = new Configuration(extraConfiguration);
        config.set(RestOptions.BIND_PORT, Integer.toString(requestedRestPort));
        config.set(RestOptions.BIND_ADDRESS, bindAddress);
        config.set(RestOptions.ADDRESS, bindAddress);
        MiniClusterConfiguration clusterConfig = new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(taskSlots)
                .build();
        MiniCluster cluster = new MiniCluster(clusterConfig);
        try {
            cluster.start();
            restAddress = cluster.getRestAddress().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            closeQuietly(cluster);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(
                    "Flink MiniCluster did not start (REST port "
                            + (requestedRestPort == 0 ? "ephemeral" : requestedRestPort)
                            + "); if the port is taken, choose another or use 0",
                    e);
        }
        miniCluster = cluster;
        LOG.info("Flink MiniCluster started with {} task slots, web UI at {}", taskSlots, webUiUrl());
        return this;
    }

    /** Cancels running jobs and shuts the cluster down. Does nothing when already stopped. */
    public synchronized void stop() {
        if (miniCluster == null) {
            return;
        }
        try {
            miniCluster.closeAsync().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the Flink MiniCluster", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Flink MiniCluster did not stop within " + STOP_TIMEOUT_SECONDS + " s", e);
        } finally {
            miniCluster = null;
            restAddress = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return miniCluster != null && miniCluster.isRunning();
    }

    /** The web UI and REST API base, e.g. {@code http://localhost:8081}. */
    public synchronized String webUiUrl() {
        String url = running().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public synchronized int restPort() {
        return running().getPort();
    }

    public int taskSlots() {
        return taskSlots;
    }

    /** The cluster itself, for tests that need to list, cancel or checkpoint jobs. */
    public synchronized MiniCluster miniCluster() {
        running();
        return miniCluster;
    }

    /** A fresh environment whose {@code execute()}/{@code executeAsync()} runs the job on this MiniCluster. */
    @Override
    public StreamExecutionEnvironment environment() {
        MiniCluster cluster = miniCluster();
        Configuration config = new Configuration();
        config.set(DeploymentOptions.TARGET, EXECUTOR_NAME);
        config.set(DeploymentOptions.ATTACHED, true);
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        return new StreamExecutionEnvironment(
                new MiniClusterExecutorLoader(cluster),
                config,
                classLoader != null ? classLoader : EmbeddedFlink.class.getClassLoader());
    }

    @Override
    public String toString() {
        return "EmbeddedFlink[slots=" + taskSlots + ", running=" + isRunning()
                + (restAddress != null ? ", webUi=" + restAddress : "") + "]";
    }

    private URI running() {
        if (miniCluster == null || restAddress == null) {
            throw new IllegalStateException("the Flink MiniCluster is not running: call start() first");
        }
        return restAddress;
    }

    private static void closeQuietly(MiniCluster cluster) {
        try {
            cluster.closeAsync().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception suppressed) {
            LOG.warn("could not clean up a MiniCluster that failed to start", suppressed);
        }
    }

    /** Hands every pipeline to one running MiniCluster; Flink's own loader would start a new cluster per job. */
    private static final class MiniClusterExecutorLoader
            implements PipelineExecutorServiceLoader, PipelineExecutorFactory {
        private final MiniCluster cluster;

        MiniClusterExecutorLoader(MiniCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
            return this;
        }

        @Override
        public Stream<String> getExecutorNames() {
            return Stream.of(EXECUTOR_NAME);
        }

        @Override
        public String getName() {
            return EXECUTOR_NAME;
        }

        @Override
        public boolean isCompatibleWith(Configuration configuration) {
            return EXECUTOR_NAME.equals(configuration.get(DeploymentOptions.TARGET));
        }

        @Override
        public PipelineExecutor getExecutor(Configuration configuration) {
            return this::submit;
        }

        private CompletableFuture<JobClient> submit(
                Pipeline pipeline, Configuration configuration, ClassLoader userClassLoader) throws Exception {
            StreamGraph streamGraph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
            // keep a restore point set on the pipeline itself (env.getStreamGraph()...), as Flink's executors do
            if (pipeline instanceof StreamGraph original
                    && !streamGraph.getSavepointRestoreSettings().restoreSavepoint()) {
                streamGraph.setSavepointRestoreSettings(original.getSavepointRestoreSettings());
            }
            return cluster.submitJob(streamGraph)
                    .thenApply(result -> new MiniClusterJobClient(
                            result.getJobID(),
                            cluster,
                            userClassLoader,
                            MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
        }
    }

    /** Configures an {@link EmbeddedFlink}. */
    public static final class Builder {
        private int taskSlots = 2;
        private int restPort = 8081;
        private String bindAddress = "localhost";
        private Configuration configuration = new Configuration();

        private Builder() {}

        /** Task slots of the single TaskManager; bounds how many parallel subtasks (over all jobs) can run. Default 2. */
        public Builder taskSlots(int taskSlots) {
            if (taskSlots < 1) {
                throw new IllegalArgumentException("taskSlots must be at least 1, was " + taskSlots);
            }
            this.taskSlots = taskSlots;
            return this;
        }

        /** Port of the REST endpoint and web UI; 0 picks a free one. Default 8081, Flink's usual port. */
        public Builder restPort(int restPort) {
            if (restPort < 0 || restPort > 65535) {
                throw new IllegalArgumentException("restPort must be 0 (ephemeral) or 1..65535, was " + restPort);
            }
            this.restPort = restPort;
            return this;
        }

        /** Interface the web UI listens on. Default localhost, since the UI can cancel jobs and has no authentication. */
        public Builder bindAddress(String bindAddress) {
            if (bindAddress == null || bindAddress.isBlank()) {
                throw new IllegalArgumentException("bindAddress must not be blank: use localhost or 0.0.0.0");
            }
            this.bindAddress = bindAddress;
            return this;
        }

        /** Further Flink settings (state backend, memory, ...); REST port and address set here win. */
        public Builder configuration(Configuration configuration) {
            this.configuration =
                    new Configuration(Objects.requireNonNull(configuration, "configuration must not be null"));
            return this;
        }

        public EmbeddedFlink build() {
            return new EmbeddedFlink(this);
        }
    }
}
