package dev.sluice.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosRunTest {
    private static final long BEGAN = 1_700_000_000_000L;

    /** One sample a second (a little after the second starts), {@code perSecond[t]} items completed in second t. */
    private static List<ChaosRun.Sample> samples(int[] perSecond) {
        List<ChaosRun.Sample> samples = new ArrayList<>();
        long completed = 0;
        for (int t = 0; t < perSecond.length; t++) {
            completed += t == 0 ? 0 : perSecond[t];
            samples.add(new ChaosRun.Sample(t * 1000L + 37, completed + 3, completed));
        }
        return samples;
    }

    /** {@code seconds} seconds at 10 items/s, except {@code value} in [from, to). */
    private static int[] steady(int seconds, int from, int to, int value) {
        int[] rate = new int[seconds];
        Arrays.fill(rate, 10);
        Arrays.fill(rate, from, to, value);
        return rate;
    }

    private static ChaosRun.Injection injection(String type, long atMs, long repairedMs) {
        return new ChaosRun.Injection(type, 1, "target-of-" + type, atMs, repairedMs, null);
    }

    private static ChaosRun.Result result(List<ChaosRun.Injection> injections, int[] rate, long stoppedSendingMs) {
        return new ChaosRun.Result(
                injections, samples(rate), Map.of(), BEGAN, rate.length * 1000L, stoppedSendingMs, true);
    }

    @Test
    void shouldTurnCumulativeCountsIntoCompletionsPerSecond() {
        double[] rate = ChaosRun.rates(List.of(
                new ChaosRun.Sample(10, 0, 0),
                new ChaosRun.Sample(1010, 9, 5),
                new ChaosRun.Sample(2010, 20, 12),
                new ChaosRun.Sample(3010, 30, 30)));

        assertThat(rate).containsExactly(0, 5, 7, 18);
    }

    @Test
    void shouldCarryTheLastKnownCountThroughASecondTheStoreDidNotAnswer() {
        double[] rate = ChaosRun.rates(List.of(
                new ChaosRun.Sample(0, 0, 0),
                new ChaosRun.Sample(1000, 6, 5),
                new ChaosRun.Sample(2000, 12, -1),
                new ChaosRun.Sample(3000, 25, 20)));

        // second 2 keeps 5 completed (rate 0), second 3 gets all 15 since
        assertThat(rate).containsExactly(0, 5, 0, 15);
    }

    @Test
    void shouldCarryTheLastCountThroughASecondWithoutASampleAndNeverGoBackwards() {
        // no sample in second 2 (the sampler was late); the store answered a lower count in second 4
        double[] rate = ChaosRun.rates(List.of(
                new ChaosRun.Sample(0, 0, 0),
                new ChaosRun.Sample(1000, 5, 5),
                new ChaosRun.Sample(3100, 12, 12),
                new ChaosRun.Sample(4000, 13, 11),
                new ChaosRun.Sample(5000, 20, 16)));

        assertThat(rate).containsExactly(0, 5, 0, 7, 0, 4);
    }

    @Test
    void shouldTakeTheHighestCountOfSeveralSamplesInOneSecond() {
        double[] rate = ChaosRun.rates(List.of(
                new ChaosRun.Sample(0, 0, 0),
                new ChaosRun.Sample(1000, 3, 3),
                new ChaosRun.Sample(1900, 4, 4),
                new ChaosRun.Sample(2000, 9, 9)));

        assertThat(rate).containsExactly(0, 4, 5);
        assertThat(ChaosRun.rates(List.of())).isEmpty();
    }

    @Test
    void shouldReportNoRecoveryTimeWhenThroughputNeverDipped() {
        ChaosRun.Result result =
                result(List.of(injection("worker-kill", 40_000, 45_500)), steady(100, 0, 0, 10), 99_000);

        Map<String, Object> row = ChaosRun.perFault(result, new RequestLog()).get(0);

        assertThat(row)
                .containsEntry("type", "worker-kill")
                .containsEntry("round", 1)
                .containsEntry("target", "target-of-worker-kill")
                .containsEntry("at_s", 40L)
                .containsEntry("repair_s", 5.5)
                .containsEntry("rate_before_per_s", 10.0)
                .containsEntry("recovery_s", 0L)
                .containsEntry("longest_failed_http_ms", 0L)
                .doesNotContainKey("error");
    }

    @Test
    void shouldNotCountADipAboveEightyPercentAsAnEffect() {
        // 9/s for 10 s is 90% of the 10/s before
        ChaosRun.Result result =
                result(List.of(injection("gateway-kill", 40_000, 41_000)), steady(100, 40, 50, 9), 99_000);

        assertThat(ChaosRun.perFault(result, new RequestLog()).get(0)).containsEntry("recovery_s", 0L);
    }

    @Test
    void shouldMeasureRecoveryToTheEndOfTheLastWindowBelowEightyPercent() {
        // nothing completes in seconds 40-49: the last 5 s window below 8/s is [48, 53) (30 items),
        // [49, 54) has 40 items, exactly 8/s
        ChaosRun.Result result =
                result(List.of(injection("storage-kill", 40_000, 42_000)), steady(100, 40, 50, 0), 99_000);

        Map<String, Object> row = ChaosRun.perFault(result, new RequestLog()).get(0);

        assertThat(row).containsEntry("recovery_s", 13L).containsEntry("rate_before_per_s", 10.0);
    }

    @Test
    void shouldMeasureTheRateBeforeOverTheTwentySecondsBeforeTheFault() {
        // 20/s in the 20 s before the fault, 10/s earlier; 12/s after it is below 80% of 20/s
        int[] rate = steady(100, 20, 40, 20);
        Arrays.fill(rate, 40, 50, 12);
        ChaosRun.Result result = result(List.of(injection("scheduler-kill", 40_000, 41_000)), rate, 99_000);

        Map<String, Object> row = ChaosRun.perFault(result, new RequestLog()).get(0);

        assertThat(row).containsEntry("rate_before_per_s", 20.0);
        // everything after second 50 runs at 10/s, below 16/s until sending stops: not recovered
        assertThat(row).containsEntry("recovery_s", -1L);
    }

    @Test
    void shouldReportNotRecoveredWhenStillBelowAtTheNextFault() {
        // the first fault stops everything until the second one, after which it runs at 10/s again
        ChaosRun.Result result = result(
                List.of(injection("postgres-stop", 40_000, 50_000), injection("broker-zombie", 70_000, 85_000)),
                steady(100, 40, 70, 0),
                99_000);

        List<Map<String, Object>> rows = ChaosRun.perFault(result, new RequestLog());

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("type", "postgres-stop").containsEntry("recovery_s", -1L);
        // the rate before the second fault was 0, so nothing can fall below 80% of it
        assertThat(rows.get(1))
                .containsEntry("type", "broker-zombie")
                .containsEntry("rate_before_per_s", 0.0)
                .containsEntry("recovery_s", 0L);
    }

    @Test
    void shouldReportNotRecoveredWhenStillBelowWhenSendingStopped() {
        ChaosRun.Result result =
                result(List.of(injection("api-kill", 40_000, 41_000)), steady(100, 40, 100, 0), 90_000);

        assertThat(ChaosRun.perFault(result, new RequestLog()).get(0)).containsEntry("recovery_s", -1L);
    }

    @Test
    void shouldRecoverBeforeTheNextFaultWhenTheDipEndsInTime() {
        // the same dip as in the not-recovered case, but over before the next fault's last 5 s
        ChaosRun.Result result = result(
                List.of(injection("postgres-stop", 40_000, 50_000), injection("broker-zombie", 70_000, 85_000)),
                steady(100, 40, 55, 0),
                99_000);

        List<Map<String, Object>> rows = ChaosRun.perFault(result, new RequestLog());

        // last window below 8/s: [53, 58) with 20 items
        assertThat(rows.get(0)).containsEntry("recovery_s", 18L);
        assertThat(rows.get(1)).containsEntry("rate_before_per_s", 7.5).containsEntry("recovery_s", 0L);
    }

    @Test
    void shouldMeasureFailedRequestsFromTheFaultUntilTheNextFault() {
        RequestLog requests = new RequestLog();
        requests.record(BEGAN + 10_000, false); // before any fault: a window of 5 s nobody is blamed for
        requests.record(BEGAN + 15_000, true);
        requests.record(BEGAN + 41_000, false);
        requests.record(BEGAN + 42_000, false);
        requests.record(BEGAN + 44_500, true); // 3.5 s after the first fault
        requests.record(BEGAN + 71_000, false);
        requests.record(BEGAN + 71_800, true); // 0.8 s after the second
        ChaosRun.Result result = result(
                List.of(injection("broker-leader-kill", 40_000, 46_000), injection("api-kill", 70_000, 72_000)),
                steady(100, 0, 0, 10),
                99_000);

        List<Map<String, Object>> rows = ChaosRun.perFault(result, requests);

        assertThat(rows.get(0)).containsEntry("longest_failed_http_ms", 3500L);
        assertThat(rows.get(1)).containsEntry("longest_failed_http_ms", 800L);
    }

    @Test
    void shouldKeepTheErrorOfAnInjectionThatFailed() {
        ChaosRun.Injection failed = new ChaosRun.Injection(
                "broker-leader-kill", 2, "?", 40_000, 40_300, "no leader for orders.requested-0");
        ChaosRun.Result result = result(List.of(failed), steady(100, 0, 0, 10), 99_000);

        Map<String, Object> row = ChaosRun.perFault(result, new RequestLog()).get(0);

        assertThat(row)
                .containsEntry("round", 2)
                .containsEntry("target", "?")
                .containsEntry("error", "no leader for orders.requested-0");
    }

    @Test
    void shouldAggregateInjectionsPerFaultType() {
        List<Map<String, Object>> rows = List.of(
                row("worker-kill", 3, 100, 1.5),
                row("gateway-kill", 0, 0, 0.2),
                row("worker-kill", -1, 900, 4.0),
                row("worker-kill", 7, 50, 2.0),
                row("postgres-stop", -1, 12_000, 11.0));

        Map<String, Map<String, Object>> types = ChaosReport.perType(rows);

        assertThat(types.keySet()).containsExactly("worker-kill", "gateway-kill", "postgres-stop");
        assertThat(types.get("worker-kill"))
                .containsEntry("rounds", 3)
                .containsEntry("recovery_s_max", 7L)
                .containsEntry("not_recovered", 1)
                .containsEntry("longest_failed_http_ms_max", 900L)
                .containsEntry("repair_s_max", 4.0);
        assertThat(types.get("gateway-kill"))
                .containsEntry("rounds", 1)
                .containsEntry("recovery_s_max", 0L)
                .containsEntry("not_recovered", 0)
                .containsEntry("longest_failed_http_ms_max", 0L)
                .containsEntry("repair_s_max", 0.2);
        // not recovered shows in its own column, not as a recovery time
        assertThat(types.get("postgres-stop"))
                .containsEntry("not_recovered", 1)
                .containsEntry("recovery_s_max", 0L)
                .containsEntry("longest_failed_http_ms_max", 12_000L)
                .containsEntry("repair_s_max", 11.0);
    }

    @Test
    void shouldAggregateWhatPerFaultProduces() {
        ChaosRun.Result result = result(
                List.of(injection("storage-kill", 40_000, 42_000), injection("storage-kill", 70_000, 73_000)),
                steady(100, 40, 50, 0),
                99_000);

        Map<String, Object> type =
                ChaosReport.perType(ChaosRun.perFault(result, new RequestLog())).get("storage-kill");

        assertThat(type)
                .containsEntry("rounds", 2)
                .containsEntry("recovery_s_max", 13L)
                .containsEntry("not_recovered", 0)
                .containsEntry("repair_s_max", 3.0);
    }

    private static Map<String, Object> row(String type, long recovery, long failedMs, double repair) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("type", type);
        row.put("recovery_s", recovery);
        row.put("longest_failed_http_ms", failedMs);
        row.put("repair_s", repair);
        return row;
    }

    @Test
    void shouldInjectEveryAnswersFaultTypeInOrder() {
        List<Fault> faults = Fault.forApp("answers");

        assertThat(faults.stream().map(Fault::type))
                .containsExactly(
                        "broker-leader-kill",
                        "broker-zombie",
                        "taskmanager-kill",
                        "jobmanager-kill",
                        "worker-kill",
                        "scheduler-kill",
                        "storage-kill",
                        "gateway-kill",
                        "postgres-stop",
                        "llm-storm");
        assertThat(faults).allSatisfy(f -> assertThat(f.description()).isNotBlank());
        assertThat(faults.get(0).description()).contains("questions.pending");
    }

    @Test
    void shouldInjectEveryOrdersFaultTypeInOrder() {
        List<Fault> faults = Fault.forApp("orders");

        assertThat(faults.stream().map(Fault::type))
                .containsExactly(
                        "broker-leader-kill",
                        "broker-zombie",
                        "api-kill",
                        "processor-kill",
                        "notifier-kill",
                        "delay-scheduler-kill",
                        "postgres-stop",
                        "smtp-refuse");
        assertThat(faults.get(1).description()).contains("orders.requested");
    }
}
