package dev.sluice.orders.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadResultTest {
    private static LoadResult result(long accepted, long finalized, long emails, long duplicateEmails) {
        Histogram lag = new Histogram(3);
        lag.recordValue(40);
        return new LoadResult(
                new LoadRun.Plan(LoadRun.Scenario.BURST, 10, 0, 4, 42),
                "demo",
                Duration.ofMillis(500),
                3,
                10,
                accepted,
                10 - accepted,
                accepted == 10 ? null : "POST /orders answered 503",
                finalized,
                emails,
                duplicateEmails,
                0,
                new Histogram(3),
                new Histogram(3),
                List.of(new Histogram(3), new Histogram(3), new Histogram(3)),
                lag,
                new Histogram(3),
                new Histogram(3),
                new PerSecond(),
                new PerSecond(),
                new PerSecond(),
                new PerSecond(),
                1.0,
                3.5,
                0,
                0);
    }

    @Test
    void okOnlyWhenEveryAcceptedOrderFinalizedWithItsFourEmailsAndNothingFailed() {
        assertThat(result(10, 10, 40, 0).ok()).isTrue();
        assertThat(result(10, 9, 36, 0).ok()).as("one lost").isFalse();
        assertThat(result(10, 10, 41, 1).ok()).as("one e-mail doubled").isFalse();
        assertThat(result(9, 9, 36, 0).ok()).as("one POST refused").isFalse();
    }

    @Test
    void theDemosBriefSummaryCountsAgainstTheOrdersPlaced() {
        var brief = result(9, 9, 36, 0).brief();
        assertThat(brief)
                .containsEntry("orders", 10)
                .containsEntry("accepted", 9L)
                .containsEntry("emails_expected", 40L)
                .containsEntry("lost", 1L)
                .containsEntry("transition_lag_ms_p99", 40L)
                .containsEntry("elapsed_s", 3.5);
        assertThat(result(10, 10, 40, 0).summary())
                .containsEntry("scenario", "burst")
                .containsEntry("emails_expected", 40L)
                .doesNotContainKey("first_error");
    }

    @Test
    void aPlanSaysWhichOptionToFix() {
        assertThatThrownBy(() -> new LoadRun.Plan(LoadRun.Scenario.STEADY, 10, 0, 4, 1))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> new LoadRun.Plan(LoadRun.Scenario.BURST, 10, 0, 0, 1))
                .hasMessageContaining("--concurrency");
    }

    @Test
    void perSecondFillsTheQuietSecondsWithZeros() {
        PerSecond p = new PerSecond();
        p.add(100);
        p.add(2500);
        p.add(2900);
        assertThat(p.series()).containsExactly(1, 0, 2);
        assertThat(p.max()).isEqualTo(2);
    }
}
