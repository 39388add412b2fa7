package dev.sluice.cli;

import dev.sluice.platform.config.ConfigLoader;
import dev.sluice.platform.config.SluiceConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options shared by every command that starts or connects to infrastructure. They become config
 * flags, the highest-precedence source (file &lt; environment &lt; flags).
 */
public final class StackOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "properties file (default: sluice.properties in the work dir, if present)")
    Path configFile;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "where embedded Kafka and PostgreSQL keep their data (default: ./work)")
    String workDir;

    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT[,...]",
            description = "use this Kafka cluster instead of the embedded broker")
    String kafka;

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            description = "use this PostgreSQL instead of the embedded one (password from SLUICE_DATABASE_PASSWORD)")
    String jdbcUrl;

    @Option(
            names = "--flink",
            paramLabel = "HOST:PORT",
            description =
                    "submit Flink jobs to this session cluster's REST endpoint instead of the embedded MiniCluster")
    String flink;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "any configuration key, e.g. --set http.port=9090 (see docs/configuration.md)")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--fresh", description = "wipe the work dir before starting (all embedded data is lost)")
    boolean fresh;

    public SluiceConfig load() {
        Map<String, String> flags = new LinkedHashMap<>(set);
        if (workDir != null) {
            flags.put("work-dir", workDir);
        }
        if (kafka != null) {
            flags.put("kafka.bootstrap-servers", kafka);
        }
        if (jdbcUrl != null) {
            flags.put("database.url", jdbcUrl);
        }
        if (flink != null) {
            int colon = flink.lastIndexOf(':');
            flags.put("flink.mode", "remote");
            flags.put("flink.host", colon < 0 ? flink : flink.substring(0, colon));
            flags.put("flink.rest-port", colon < 0 ? "8081" : flink.substring(colon + 1));
        }
        return ConfigLoader.load(Optional.ofNullable(configFile), System.getenv(), flags);
    }

    /** A {@link Stack} for {@code config} (from {@link #load()}), with {@code --fresh} applied. */
    public Stack.Builder builder(SluiceConfig config) {
        return Stack.builder(config).fresh(fresh);
    }

    public boolean fresh() {
        return fresh;
    }
}
