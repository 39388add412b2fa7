package dev.sluice.orders.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.orders.loadgen.LoadResult;
import dev.sluice.orders.loadgen.LoadRun;
import dev.sluice.orders.loadgen.PerSecond;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class OrdersBenchResultTest {
    private static final OrdersBench.Settings SETTINGS = new OrdersBench.Settings(
            2000, 2000, 2, Duration.ofSeconds(1), List.of(), Duration.ofSeconds(20), Duration.ofMillis(250), 32);

    /** A burst of 2,000 orders, all finalized with their e-mails, whose every transition was {@code lagMs} late. */
    private static OrdersBench.Measured burst(long lagMs, double jvmCpu, Double postgresCpu) {
        Histogram lag = new Histogram(3);
        lag.recordValueWithCount(lagMs, 6000);
        return new OrdersBench.Measured(
                new LoadResult(
                        new LoadRun.Plan(LoadRun.Scenario.BURST, 2000, 0, 32, 42),
                        "generated",
                        Duration.ofSeconds(1),
                        3,
                        2000,
                        2000,
                        0,
                        null,
                        2000,
                        8000,
                        0,
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
                        1.5,
                        9.0,
                        0,
                        0),
                jvmCpu,
                postgresCpu,
                0.8);
    }

    private static OrdersBench.Result result(OrdersBench.Measured... warm) {
        return new OrdersBench.Result(
                burst(400, 30, 4.0),
                List.of(warm),
                250,
                List.of(),
                null,
                List.of(),
                Map.of("per_s", 1000.0),
                Map.of(),
                130);
    }

    @Test
    void shouldPassOnlyWhenEveryWarmBurstIsWithinTheLagTarget() {
        OrdersBench.Result all = result(burst(200, 20, 4.0), burst(250, 20, 4.0));
        assertThat(all.burstsWithinTarget()).isEqualTo(2);
        assertThat(all.verdict()).startsWith("PASS: 2 of 2 warm bursts").contains("p99 200, 250 ms");

        OrdersBench.Result one = result(burst(200, 20, 4.0), burst(251, 20, 4.0));
        assertThat(one.burstsWithinTarget()).isEqualTo(1);
        assertThat(one.verdict()).startsWith("FAIL: 1 of 2 warm bursts");
        assertThat(one.ok()).as("a late burst is slow, not lost").isTrue();
    }

    @Test
    void shouldReportCpuSecondsPerThousandOrdersOfTheJvmAndPostgresTogether() {
        assertThat(burst(200, 20, 4.0).cpuSecondsPer1000Orders()).isEqualTo(12.0);
        assertThat(burst(200, 20, null).cpuSecondsPer1000Orders()).isEqualTo(10.0);
        assertThat(burst(200, 20, null).summary())
                .containsEntry("cpu_s_jvm", 20.0)
                .containsEntry("cpu_s_per_1000_orders", 10.0)
                .doesNotContainKey("cpu_s_postgres");
    }

    @Test
    void shouldWriteEveryBurstTheColdOneAndTheVerdictIntoTheSection() {
        OrdersBench.Result r = result(burst(200, 20, 4.0), burst(300, 22, 4.0));
        Map<String, Object> summary = new LinkedHashMap<>(r.summary());
        summary.put("total_s", 60);
        String md = OrdersBenchReport.markdown(SETTINGS, r, summary, 3);
        assertThat(md)
                .contains("--bursts 2", "--no-ladder")
                .contains("| cold (2000) |", "| warm 1 |", "| warm 2 |")
                .contains("| 20.0 + 4.0 | **12.0** |", "| 22.0 + 4.0 | **13.0** |")
                .contains("**FAIL: 1 of 2 warm bursts")
                .contains("Steady steps: not run")
                .doesNotContain("--client-nice");

        OrdersBench.Settings niced = new OrdersBench.Settings(
                2000,
                2000,
                2,
                Duration.ofSeconds(1),
                List.of(),
                Duration.ofSeconds(20),
                Duration.ofMillis(250),
                32,
                new LoadRun.Client(19, true));
        assertThat(OrdersBenchReport.markdown(niced, r, summary, 3))
                .as("a run with the load generator below the system says so in its command and set-up")
                .contains(
                        "--concurrency 32 --client-nice 19 --idempotency-keys`",
                        "its threads at nice 19",
                        "every POST with its own `Idempotency-Key`");
    }

    @Test
    void theLoadGeneratorsNiceShouldBeZeroTo19() {
        assertThatThrownBy(() -> new LoadRun.Client(20, false)).hasMessageContaining("--client-nice");
    }

    @Test
    void shouldNameTheOptionToFix() {
        assertThatThrownBy(() -> new OrdersBench.Settings(
                        2000,
                        0,
                        0,
                        Duration.ofSeconds(1),
                        List.of(),
                        Duration.ofSeconds(20),
                        Duration.ofMillis(250),
                        32))
                .hasMessageContaining("--bursts");
        assertThatThrownBy(() -> new OrdersBench.Settings(
                        2000,
                        0,
                        1,
                        Duration.ofSeconds(1),
                        List.of(0),
                        Duration.ofSeconds(20),
                        Duration.ofMillis(250),
                        32))
                .hasMessageContaining("--rates");
    }
}
