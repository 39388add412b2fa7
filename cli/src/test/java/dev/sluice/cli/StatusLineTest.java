package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusLineTest {
    private static final StatusLine.Counts COUNTS =
            new StatusLine.Counts(120, 97, 14, 2, Map.of("finalizado", 40L, "preparando", 3L, "recibido", 1L), 163);

    @Test
    void shouldShowAnswersThenOrdersWithEveryStateInOrder() {
        assertThat(StatusLine.format(COUNTS, true, true))
                .isEqualTo("answers 120 in · 97 stored · 14 retrying · 2 dead | orders recibido 1 · preparando 3"
                        + " · entregando 0 · finalizado 40 · 163 e-mails");
    }

    @Test
    void shouldShowOnlyThePartsThisProcessRuns() {
        assertThat(StatusLine.format(COUNTS, true, false))
                .isEqualTo("answers 120 in · 97 stored · 14 retrying · 2 dead");
        assertThat(StatusLine.format(COUNTS, false, true)).startsWith("orders recibido 1");
    }

    @Test
    void shouldOverwriteALongerPreviousLineCompletely() {
        assertThat(StatusLine.overwrite("short", 9)).isEqualTo("\rshort    ");
        assertThat(StatusLine.overwrite("longer line", 3)).isEqualTo("\rlonger line");
    }

    @Test
    void shouldBeLiveOnlyOnATerminalThatCanRewriteALine() {
        assertThat(StatusLine.live(true, "xterm-256color")).isTrue();
        assertThat(StatusLine.live(true, null)).isTrue();
        assertThat(StatusLine.live(false, "xterm-256color"))
                .as("output redirected")
                .isFalse();
        assertThat(StatusLine.live(true, "dumb")).isFalse();
    }

    @Test
    void shouldPrintNothingWhenNotLive() {
        assertThat(StatusLine.startIf(false, () -> "x", System.out, Duration.ofMillis(10)))
                .isNull();
    }

    @Test
    void shouldRewriteTheLineInPlaceAndEndItWithANewlineWhenClosed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicInteger n = new AtomicInteger();
        StatusLine line = StatusLine.startIf(true, () -> "tick " + n.incrementAndGet(), out, Duration.ofMillis(20));
        await().atMost(Duration.ofSeconds(5)).until(() -> n.get() >= 3);
        line.close();
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("\rtick 1").contains("\rtick 2").endsWith(System.lineSeparator());
        assertThat(printed.strip()).doesNotContain("\n");
    }

    @Test
    void shouldCountOnlyTheAnswersRetryTiersAsRetrying() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Gauge.builder("sluice.delay.waiting", () -> 5)
                .tag("delays", "questions.retry.overload")
                .tag("tier", "1s")
                .register(meters);
        Gauge.builder("sluice.delay.waiting", () -> 2)
                .tag("delays", "questions.retry.quota")
                .tag("tier", "1m")
                .register(meters);
        Gauge.builder("sluice.delay.waiting", () -> 7)
                .tag("delays", "sluice.delay")
                .tag("tier", "1s")
                .register(meters);
        assertThat(StatusLine.retrying(meters)).isEqualTo(7);
    }
}
