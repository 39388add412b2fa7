package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.platform.test.ConsoleCapture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine.TypeConversionException;

class MainTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void shouldNameTheKeyAndTheAcceptedValuesOfABadSetting() {
        int code = Main.run("config", "--set", "flink.mode=cluster");

        assertThat(code).isEqualTo(2);
        assertThat(console.err())
                .contains("flink.mode")
                .contains("'cluster'")
                .contains("embedded")
                .contains("remote");
    }

    @Test
    void shouldLetFlagsOverrideDefaultsInTheEffectiveConfig() {
        int code = Main.run("config", "--kafka", "broker-1:9092", "--set", "http.port=9099");

        assertThat(code).isZero();
        assertThat(console.out())
                .containsPattern("kafka.bootstrap-servers\\s+= broker-1:9092")
                .containsPattern("http.port\\s+= 9099");
    }

    @Test
    void shouldOfferHelpOnEveryCommand() {
        for (String[] args : new String[][] {
            {"--help"},
            {"up", "--help"},
            {"demo", "--help"},
            {"delay-demo", "--help"},
            {"answers", "worker", "--help"},
            {"bench", "delay", "--help"},
            {"config", "--help"}
        }) {
            console.reset();
            assertThat(Main.run(args)).as(String.join(" ", args)).isZero();
            assertThat(console.out()).as(String.join(" ", args)).contains("Usage:");
        }
    }

    @Test
    void shouldReadDurationsAsPeopleWriteThem() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(c.convert("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.convert("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.convert("PT3S")).isEqualTo(Duration.ofSeconds(3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.convert("soon"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("500ms");
    }
}
