package dev.sluice.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestLogTest {
    @Test
    void shouldMeasureAFailureWindowFromTheFirstFailureToTheNextSuccess() {
        RequestLog log = new RequestLog();
        log.record(100, true);
        log.record(200, false);
        log.record(250, false);
        log.record(450, true);
        log.record(500, true);

        assertThat(log.longestFailureWindow(0, 10_000)).isEqualTo(250);
        assertThat(log.failed()).isEqualTo(2);
        assertThat(log.total()).isEqualTo(5);
    }

    @Test
    void shouldKeepTheLongestOfSeveralWindows() {
        RequestLog log = new RequestLog();
        log.record(100, false);
        log.record(150, true); // 50
        log.record(1000, false);
        log.record(1100, false);
        log.record(1700, true); // 700
        log.record(2000, false);
        log.record(2300, true); // 300

        assertThat(log.longestFailureWindow(0, 10_000)).isEqualTo(700);
    }

    @Test
    void shouldOrderRequestsBySendTimeWhateverTheOrderTheyWereRecordedIn() {
        RequestLog log = new RequestLog();
        // a slow success recorded after a later failure: the failure window still starts at 300
        log.record(300, false);
        log.record(900, true);
        log.record(200, true);
        log.record(400, false);

        assertThat(log.longestFailureWindow(0, 10_000)).isEqualTo(600);
    }

    @Test
    void shouldCountFailuresStillGoingAtTheEndOfTheRangeUntilItsEnd() {
        RequestLog log = new RequestLog();
        log.record(100, true);
        log.record(600, false);
        log.record(700, false);

        assertThat(log.longestFailureWindow(0, 1000)).isEqualTo(400);
        assertThat(log.longestFailureWindow(0, 2000)).isEqualTo(1400);
    }

    @Test
    void shouldIgnoreRequestsSentOutsideTheRange() {
        RequestLog log = new RequestLog();
        log.record(50, false); // before the range
        log.record(80, false);
        log.record(150, true);
        log.record(300, false);
        log.record(320, true); // 20 inside the range
        log.record(1000, false); // at the (exclusive) end
        log.record(1500, false);
        log.record(3000, true);

        assertThat(log.longestFailureWindow(100, 1000)).isEqualTo(20);
        // the same requests over everything: the long window at the end counts
        assertThat(log.longestFailureWindow(0, 5000)).isEqualTo(2000);
    }

    @Test
    void shouldStartAWindowThatBeganBeforeTheRangeAtTheFirstFailureInsideIt() {
        RequestLog log = new RequestLog();
        log.record(50, false);
        log.record(150, false);
        log.record(400, true);

        assertThat(log.longestFailureWindow(100, 1000)).isEqualTo(250);
    }

    @Test
    void shouldReportNoWindowWithoutFailures() {
        RequestLog log = new RequestLog();
        assertThat(log.longestFailureWindow(0, 1000)).isZero();
        log.record(10, true);
        log.record(20, true);

        assertThat(log.longestFailureWindow(0, 1000)).isZero();
        assertThat(log.failed()).isZero();
        assertThat(log.total()).isEqualTo(2);
    }
}
