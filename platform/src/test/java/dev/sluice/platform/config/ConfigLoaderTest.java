package dev.sluice.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("sluice.properties");
        Files.write(f, List.of(lines));
        return f;
    }

    private ConfigException failure(Map<String, String> flags) {
        Map<String, String> withDir = new java.util.HashMap<>(flags);
        withDir.put("work-dir", dir.toString());
        try {
            ConfigLoader.load(Optional.empty(), Map.of(), withDir);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for " + flags);
    }

    @Test
    void emptyConfigGivesLaptopDefaults() {
        SluiceConfig cfg = SluiceConfig.defaults();
        assertThat(cfg.workDir()).isEqualTo(Path.of("work"));
        assertThat(cfg.kafka().embedded()).isTrue();
        assertThat(cfg.kafka().port()).isZero();
        assertThat(cfg.database().embedded()).isTrue();
        assertThat(cfg.flink().mode()).isEqualTo(FlinkMode.EMBEDDED);
        assertThat(cfg.flink().checkpointInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(cfg.http().port()).isEqualTo(8080);
        assertThat(cfg.http().maxBodyBytes()).isEqualTo(1_048_576L);
        assertThat(cfg.http().nice())
                .as("request threads yield to admitted work")
                .isEqualTo(10);
        assertThat(ConfigLoader.bind(Map.of("http.nice", "0")).http().nice()).isZero();
        assertThat(cfg.delay().tiers()).isEqualTo(dev.sluice.platform.delay.DelayTiers.DEFAULT_BOUNDS);
        assertThat(cfg.metrics().enabled()).isTrue();
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of("work-dir", dir.toString())))
                .isEqualTo(ConfigLoader.bind(Map.of("work-dir", dir.toString())));
    }

    @Test
    void laterSourcesOverrideEarlierOnes() throws IOException {
        Path f = file("http.port=1111", "flink.parallelism=3", "kafka.partitions=5");
        Map<String, String> env = Map.of("SLUICE_HTTP_PORT", "2222", "SLUICE_FLINK_PARALLELISM", "4");
        Map<String, String> flags = Map.of("--http.port", "3333");

        SluiceConfig cfg = ConfigLoader.load(Optional.of(f), env, flags);

        assertThat(cfg.http().port()).as("flag beats env and file").isEqualTo(3333);
        assertThat(cfg.flink().parallelism()).as("env beats file").isEqualTo(4);
        assertThat(cfg.kafka().partitions()).as("file beats default").isEqualTo(5);
    }

    @Test
    void findsSluicePropertiesInTheWorkDirWhenNoFileIsGiven() throws IOException {
        file("kafka.bootstrap-servers=broker1:9092,broker2:9093");
        SluiceConfig cfg = ConfigLoader.load(Optional.empty(), Map.of("SLUICE_WORK_DIR", dir.toString()), Map.of());
        assertThat(cfg.kafka().bootstrapServers()).isEqualTo("broker1:9092,broker2:9093");
        assertThat(cfg.kafka().embedded()).isFalse();
    }

    @Test
    void mapsEnvironmentVariablesByTheDocumentedRule() {
        Map<String, String> env = Map.of(
                "SLUICE_KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "SLUICE_FLINK_CHECKPOINT_INTERVAL", "500ms",
                "SLUICE_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
                "SLUICE_HOME", "/opt/sluice",
                "PATH", "/usr/bin");
        assertThat(ConfigLoader.fromEnv(env))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "kafka.bootstrap-servers", "k:9092",
                        "flink.checkpoint-interval", "500ms",
                        "kafka.properties.security.protocol", "SASL_SSL"));
        SluiceConfig cfg = ConfigLoader.load(Optional.empty(), env, Map.of("work-dir", dir.toString()));
        assertThat(cfg.kafka().properties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(cfg.flink().checkpointInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigLoader.envName("kafka.bootstrap-servers")).isEqualTo("SLUICE_KAFKA_BOOTSTRAP_SERVERS");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "flink.mode | cluster | flink.mode: 'cluster' is not one of [embedded, remote]",
                "http.port | abc | http.port: 'abc' is not a port number (0-65535)",
                "http.port | 70000 | http.port: '70000' is not a port number (0-65535)",
                "kafka.partitions | 0 | kafka.partitions: '0' is not a whole number >= 1",
                "database.pool-size | many | database.pool-size: 'many' is not a whole number >= 1",
                "flink.checkpoint-interval | 2 | flink.checkpoint-interval: '2' is not a duration (a whole number with a unit: 500ms, 2s, 1m, 1h, 1d)",
                "flink.checkpoint-interval | 1ms | flink.checkpoint-interval: '1ms' is not a duration >= 10ms",
                "delay.tiers | 1s,10x | delay.tiers: '1s,10x' is not a comma-separated list of durations",
                "delay.tiers | 10s,1s | delay.tiers: '10s,1s' is not a strictly ascending list of durations",
                "metrics.enabled | yes | metrics.enabled: 'yes' is not one of [true, false]",
                "http.nice | -1 | http.nice: '-1' is not a whole number >= 0",
                "http.nice | 20 | http.nice: '20' is not 0 (normal CPU priority) to 19 (lowest)",
                "http.max-body-bytes | 1TB | http.max-body-bytes: '1TB' is not a size in bytes >= 1 (e.g. 1048576, 512KiB, 1MiB)",
                "kafka.bootstrap-servers | localhost | kafka.bootstrap-servers: 'localhost' is not a comma-separated list of host:port",
                "database.url | postgres://x/db | database.url: 'postgres://x/db' is not a JDBC URL",
                "http.host | my host | http.host: 'my host' is not an address or host name to bind: 127.0.0.1",
                "http.host | 10.0.0.5:8080 | http.host: '10.0.0.5:8080' is not an address or host name to bind",
            })
    void badValueNamesTheKeyTheValueAndWhatIsAccepted(String key, String value, String expected) {
        ConfigException e = failure(Map.of(key, value));
        assertThat(e.problems()).singleElement().asString().startsWith(expected).endsWith("(from flag --" + key + ")");
    }

    @Test
    void reportsEveryProblemAtOnceAndSaysWhereEachCameFrom() {
        ConfigException e = assertThrowsConfig(Map.of("SLUICE_HTTP_PORT", "-1"), Map.of("flink.mode", "cluster"));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage())
                .contains("http.port: '-1' is not a port number (0-65535) (from env SLUICE_HTTP_PORT)")
                .contains("flink.mode: 'cluster' is not one of [embedded, remote] (from flag --flink.mode)");
    }

    @Test
    void acceptsHumanSizesAndDurations() {
        SluiceConfig cfg = ConfigLoader.bind(Map.of(
                "http.max-body-bytes",
                "512KiB",
                "flink.checkpoint-interval",
                "1m",
                "delay.tiers",
                "500ms, 2s ,1h",
                "flink.mode",
                "REMOTE",
                "flink.host",
                "jm"));
        assertThat(cfg.http().maxBodyBytes()).isEqualTo(512 * 1024L);
        assertThat(cfg.flink().checkpointInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(cfg.delay().tiers())
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofHours(1));
        assertThat(cfg.flink().mode()).isEqualTo(FlinkMode.REMOTE);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "kafka.bootstrap-server | kafka.bootstrap-servers",
                "http.prot | http.port",
                "flink.checkpoint-intervall | flink.checkpoint-interval",
                "kafak.port | kafka.port",
                "workdir | work-dir",
            })
    void unknownKeyUnderAKnownPrefixSuggestsTheClosestKey(String typo, String suggestion) {
        ConfigException e = failure(Map.of(typo, "1"));
        assertThat(e.getMessage()).contains("unknown key '" + typo + "'").contains("did you mean '" + suggestion + "'");
    }

    @Test
    void unknownEnvironmentVariableSuggestsTheVariableToUse() {
        ConfigException e = assertThrowsConfig(Map.of("SLUICE_HTTP_PROT", "9090"), Map.of());
        assertThat(e.getMessage())
                .contains("unknown key 'http.prot' (from env SLUICE_HTTP_PROT)")
                .contains("did you mean 'http.port' (SLUICE_HTTP_PORT)?");
    }

    @Test
    void misspelledKafkaClientPropertyIsRefusedButUnknownPluginPropertiesPassThrough() {
        ConfigException e = failure(Map.of("kafka.properties.security.protocal", "SSL"));
        assertThat(e.getMessage()).contains("did you mean 'kafka.properties.security.protocol'");

        SluiceConfig cfg = ConfigLoader.bind(Map.of(
                "kafka.properties.security.protocol", "SSL",
                "kafka.properties.my.plugin.setting", "x"));
        assertThat(cfg.kafka().properties())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("my.plugin.setting", "x");
    }

    @Test
    void keysOfOtherSectionsAreKeptForApplicationModules() {
        SluiceConfig cfg = ConfigLoader.bind(Map.of("answers.cache-size", "1000"));
        assertThat(cfg.extra()).containsExactly(Map.entry("answers.cache-size", "1000"));
    }

    @Test
    void passwordComesFromTheEnvironmentAndIsNeverPrinted() {
        SluiceConfig cfg = ConfigLoader.load(
                Optional.empty(),
                Map.of(
                        "SLUICE_DATABASE_PASSWORD", "hunter2",
                        "SLUICE_DATABASE_URL", "jdbc:postgresql://db:5432/sluice?user=app&password=urlsecret",
                        "SLUICE_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                                "PlainLoginModule required password=\"jaassecret\";"),
                Map.of("work-dir", dir.toString()));

        assertThat(cfg.database().password().reveal()).isEqualTo("hunter2");
        for (String printed :
                List.of(cfg.toString(), cfg.database().toString(), cfg.kafka().toString(), cfg.describe())) {
            assertThat(printed)
                    .doesNotContain("hunter2", "urlsecret", "jaassecret")
                    .contains("****");
        }
        assertThat(cfg.describe())
                .contains("database.password")
                .contains("database.url")
                .containsPattern("(?m)^http\\.port\\s+= 8080$");
    }

    @Test
    void passwordInAFileOrFlagIsRefusedWithoutEchoingIt() throws IOException {
        Path f = file("database.password=filesecret");
        ConfigException fromFile = assertThrows(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()));
        assertThat(fromFile.getMessage())
                .contains("database.password")
                .contains("SLUICE_DATABASE_PASSWORD")
                .doesNotContain("filesecret");

        ConfigException fromFlag = failure(Map.of("--database.password", "flagsecret"));
        assertThat(fromFlag.getMessage()).contains("SLUICE_DATABASE_PASSWORD").doesNotContain("flagsecret");
    }

    @Test
    void httpBindsLoopbackUnlessToldOtherwise() {
        assertThat(SluiceConfig.defaults().http().host()).isEqualTo("127.0.0.1");
        assertThat(SluiceConfig.defaults().http().apiKeys()).isEmpty();
        SluiceConfig everyInterface = ConfigLoader.load(
                Optional.empty(), Map.of("SLUICE_HTTP_HOST", "0.0.0.0"), Map.of("work-dir", dir.toString()));
        assertThat(everyInterface.http().host()).isEqualTo("0.0.0.0");
        assertThat(ConfigLoader.bind(Map.of("http.host", "::1")).http().host()).isEqualTo("::1");
        assertThat(everyInterface.describe()).containsPattern("(?m)^http\\.host\\s+= 0\\.0\\.0\\.0$");
    }

    @Test
    void apiKeysComeFromTheEnvironmentAndAreNeverPrinted() {
        String first = "k1-0123456789abcdef";
        String second = "k2-fedcba9876543210";
        SluiceConfig cfg = ConfigLoader.load(
                Optional.empty(),
                Map.of("SLUICE_HTTP_API_KEYS", " " + first + " , " + second + " "),
                Map.of("work-dir", dir.toString()));

        assertThat(cfg.http().apiKeys()).extracting(Secret::reveal).containsExactly(first, second);
        for (String printed : List.of(cfg.toString(), cfg.http().toString(), cfg.describe())) {
            assertThat(printed).doesNotContain(first, second);
        }
        assertThat(cfg.describe()).containsPattern("(?m)^http\\.api-keys\\s+= \\*\\*\\*\\*$");
    }

    @Test
    void apiKeysInAFileOrFlagAreRefusedWithoutEchoingThem() throws IOException {
        Path f = file("http.api-keys=filekey-0123456789abcdef");
        ConfigException fromFile = assertThrows(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()));
        assertThat(fromFile.getMessage())
                .startsWith("http.api-keys: not accepted in a file")
                .contains("SLUICE_HTTP_API_KEYS")
                .doesNotContain("filekey");

        ConfigException fromFlag = failure(Map.of("--http.api-keys", "flagkey-0123456789abcdef"));
        assertThat(fromFlag.getMessage())
                .contains("http.api-keys: not accepted as a flag")
                .contains("SLUICE_HTTP_API_KEYS")
                .doesNotContain("flagkey");
    }

    @Test
    void badApiKeysAreNamedByPositionNotByTheirText() {
        ConfigException e = assertThrowsConfig(
                Map.of("SLUICE_HTTP_API_KEYS", "good-0123456789abcdef,shortkey,,has space 0123456789"), Map.of());
        assertThat(e.problems())
                .containsExactly(
                        "http.api-keys: key 2 of 4 is not accepted: a key is at least 16 characters of letters,"
                                + " digits and - . _ ~ + / (generate one with 'openssl rand -hex 24')"
                                + " (from env SLUICE_HTTP_API_KEYS)",
                        "http.api-keys: key 3 of 4 is empty; separate keys with single commas, e.g. key1,key2"
                                + " (from env SLUICE_HTTP_API_KEYS)",
                        "http.api-keys: key 4 of 4 is not accepted: a key is at least 16 characters of letters,"
                                + " digits and - . _ ~ + / (generate one with 'openssl rand -hex 24')"
                                + " (from env SLUICE_HTTP_API_KEYS)");
        assertThat(e.getMessage()).doesNotContain("good-0123456789abcdef", "shortkey", "has space");
        assertThatThrownBy(() -> new HttpSettings("127.0.0.1", 0, 1, List.of(Secret.of("short"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("http.api-keys: a key is not accepted");
    }

    @Test
    void missingExplicitFileIsAnError() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("--config");
    }

    @Test
    void remoteFlinkNeedsAHost() {
        ConfigException e = failure(Map.of("flink.mode", "remote", "flink.host", " "));
        assertThat(e.getMessage()).startsWith("flink.host:").contains("flink.mode=remote");
    }

    @Test
    void recordsValidateWhenBuiltInCode() {
        assertThatThrownBy(() -> new HttpSettings(-5, 10))
                .isInstanceOf(ConfigException.class)
                .hasMessage("http.port: '-5' is not a port number (0-65535)");
        assertThatThrownBy(() -> new DelaySettings(List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("delay.tiers:");
    }

    private ConfigException assertThrowsConfig(Map<String, String> env, Map<String, String> flags) {
        Map<String, String> withDir = new java.util.HashMap<>(flags);
        withDir.put("work-dir", dir.toString());
        return assertThrows(() -> ConfigLoader.load(Optional.empty(), env, withDir));
    }

    private static ConfigException assertThrows(Runnable r) {
        try {
            r.run();
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }
}
