package dev.sluice.platform.flink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a Flink job runs. Job code asks its target for an environment and never knows whether that
 * is the in-JVM MiniCluster of embedded mode ({@code EmbeddedFlink} in platform-embedded) or a
 * remote session cluster, so the same job wiring serves tests, the demo and a real cluster.
 */
public interface FlinkTarget {

    /** A fresh environment whose {@code execute()} submits to this target. */
    StreamExecutionEnvironment environment();

    /**
     * A standalone session cluster reached through its REST endpoint.
     *
     * @param host      the JobManager's REST host
     * @param restPort  the JobManager's REST port (8081 by default in Flink)
     * @param jobJars   the shaded job jar(s) holding the job's classes; they are uploaded on submit
     */
    static FlinkTarget remote(String host, int restPort, List<Path> jobJars) {
        return new Remote(host, restPort, jobJars, new Configuration());
    }

    /** A remote session cluster; see {@link FlinkTarget#remote(String, int, List)}. */
    record Remote(String host, int restPort, List<Path> jobJars, Configuration configuration) implements FlinkTarget {

        public Remote {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException(
                        "Flink host must not be blank: give the JobManager's REST host, e.g. localhost");
            }
            if (restPort < 1 || restPort > 65535) {
                throw new IllegalArgumentException(
                        "Flink REST port must be 1..65535 (Flink's default is 8081), was " + restPort);
            }
            Objects.requireNonNull(jobJars, "jobJars must not be null");
            // a session cluster only has Flink's own classes; without the job jar every task
            // would fail later with ClassNotFoundException, far from the cause
            if (jobJars.isEmpty()) {
                throw new IllegalArgumentException("a remote Flink cluster needs the shaded job jar: build it with"
                        + " ./mvnw package and pass its path");
            }
            for (Path jar : jobJars) {
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalArgumentException("Flink job jar " + jar.toAbsolutePath()
                            + " does not exist: build it with ./mvnw package or fix the path");
                }
            }
            jobJars = List.copyOf(jobJars);
            configuration = new Configuration(Objects.requireNonNull(configuration, "configuration must not be null"));
        }

        @Override
        public StreamExecutionEnvironment environment() {
            String[] jars =
                    jobJars.stream().map(p -> p.toAbsolutePath().toString()).toArray(String[]::new);
            return StreamExecutionEnvironment.createRemoteEnvironment(
                    host, restPort, new Configuration(configuration), jars);
        }

        @Override
        public String toString() {
            return "FlinkTarget.Remote[" + host + ":" + restPort + ", jars=" + jobJars + "]";
        }
    }
}
