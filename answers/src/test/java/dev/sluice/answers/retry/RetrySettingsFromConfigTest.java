package dev.sluice.answers.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.answers.retry.RetryPolicy.Settings;
import dev.sluice.platform.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetrySettingsFromConfigTest {

    @Test
    void shouldKeepTodaysDefaultsWhenNoKeyIsSet() {
        Settings s = Settings.fromConfig(Map.of("answers.scorer", "token_f1", "orders.state-delay", "5s"));

        assertThat(s).isEqualTo(Settings.defaults());
        assertThat(s.base()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.cap()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxOverloadRetries()).isEqualTo(8);
        assertThat(s.quotaWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.maxQuotaRetries()).isEqualTo(8);
        assertThat(s.maxDeferrals()).isEqualTo(50);
    }

    @Test
    void shouldReadEveryKey() {
        Settings s = Settings.fromConfig(Map.of(
                "answers.retry.overload.base", "250ms",
                "answers.retry.overload.cap", "2m",
                "answers.retry.overload.max-retries", "3",
                "answers.retry.quota.window", "1h",
                "answers.retry.quota.max-retries", "0",
                "answers.retry.max-deferrals", " 12 "));

        assertThat(s)
                .isEqualTo(new Settings(Duration.ofMillis(250), Duration.ofMinutes(2), 3, Duration.ofHours(1), 0, 12));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // key                              | value | field (see fields) | expected (ms or count)
                "answers.retry.overload.base        | 2s    | 0                  | 2000",
                "answers.retry.overload.cap         | 1d    | 1                  | 86400000",
                "answers.retry.overload.max-retries | 20    | 2                  | 20",
                "answers.retry.quota.window         | 90s   | 3                  | 90000",
                "answers.retry.quota.max-retries    | 7     | 4                  | 7",
                "answers.retry.max-deferrals        | 0     | 5                  | 0",
            })
    void shouldReadEachKeyAloneAndKeepTheOtherDefaults(String key, String value, int field, long expected) {
        long[] wanted = fields(Settings.defaults());
        wanted[field] = expected;

        assertThat(fields(Settings.fromConfig(Map.of(key, value)))).containsExactly(wanted);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // key                              | bad value | what the message says, besides key and value
                "answers.retry.overload.base        | fast      | is not a duration (a whole number with a unit: 500ms, 2s, 1m, 1h, 1d), e.g. 200ms",
                "answers.retry.overload.base        | 200       | is not a duration (a whole number with a unit: 500ms, 2s, 1m, 1h, 1d), e.g. 200ms",
                "answers.retry.overload.base        | 0ms       | is not a positive duration, e.g. 200ms",
                "answers.retry.overload.cap         | 100ms     | is not at least answers.retry.overload.base (200ms), e.g. 30s",
                "answers.retry.overload.cap         | 0ms       | is not a positive duration, e.g. 30s",
                "answers.retry.overload.max-retries | -1        | is not a whole number >= 0 (0 = none), e.g. 8",
                "answers.retry.overload.max-retries | many      | is not a whole number >= 0 (0 = none), e.g. 8",
                "answers.retry.quota.window         | 1 minute  | is not a duration (a whole number with a unit: 500ms, 2s, 1m, 1h, 1d), e.g. 60s",
                "answers.retry.quota.window         | 0ms       | is not a positive duration, e.g. 60s",
                "answers.retry.quota.max-retries    | -2        | is not a whole number >= 0 (0 = none), e.g. 8",
                "answers.retry.quota.max-retries    | 2.5       | is not a whole number >= 0 (0 = none), e.g. 8",
                "answers.retry.max-deferrals        | -1        | is not a whole number >= 0 (0 = none), e.g. 50",
            })
    void shouldRejectABadValueNamingTheKeyTheValueAndAnExample(String key, String value, String says) {
        assertThatThrownBy(() -> Settings.fromConfig(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(key + ": '" + value + "' " + says);
    }

    @Test
    void shouldRejectAnUnknownRetryKeyNamingTheKnownOnes() {
        assertThatThrownBy(() -> Settings.fromConfig(Map.of("answers.retry.overload.bsae", "1s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("answers.retry.overload.bsae: unknown key; the retry keys are ")
                .hasMessageContaining("answers.retry.overload.base, answers.retry.overload.cap");
    }

    /** The fields in declaration order, durations in milliseconds. */
    private static long[] fields(Settings s) {
        return new long[] {
            s.base().toMillis(),
            s.cap().toMillis(),
            s.maxOverloadRetries(),
            s.quotaWindow().toMillis(),
            s.maxQuotaRetries(),
            s.maxDeferrals()
        };
    }
}
