package dev.sluice.platform.delay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DelayTiersTest {
    private final DelayTiers tiers =
            DelayTiers.of("t", List.of(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1)));

    @Test
    void shouldPickTheSmallestTierWhoseUpperBoundCoversTheDelay() {
        assertThat(tiers.tierFor(Duration.ofMillis(1)).topic()).isEqualTo("t.100ms");
        assertThat(tiers.tierFor(Duration.ofMillis(100)).topic()).isEqualTo("t.100ms");
        assertThat(tiers.tierFor(Duration.ofMillis(101)).topic()).isEqualTo("t.1s");
        assertThat(tiers.tierFor(Duration.ofSeconds(30)).topic()).isEqualTo("t.1m");
        assertThat(tiers.tierFor(Duration.ofHours(5)).topic())
                .as("longer than every tier goes to the last")
                .isEqualTo("t.1m");
    }

    @Test
    void shouldReportGranularityAsTheWidthOfTheTier() {
        assertThat(tiers.tierFor(Duration.ofMillis(500)).granularity()).isEqualTo(Duration.ofMillis(900));
        assertThat(tiers.tierFor(Duration.ZERO).granularity()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void shouldRejectBoundsThatDoNotIncrease() {
        assertThatThrownBy(() -> DelayTiers.of("t", List.of(Duration.ofSeconds(2), Duration.ofSeconds(1))))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> DelayTiers.of("bad topic", List.of(Duration.ofSeconds(1))))
                .hasMessageContaining("prefix");
    }

    @Test
    void shouldDeclareOneTopicPerTierPlusDeadLetters() {
        assertThat(tiers.topicSpecs(3, (short) 1))
                .extracting(s -> s.name())
                .containsExactly("t.100ms", "t.1s", "t.1m", "t.dlq");
    }

    @Test
    void shouldStampTargetAndDueTimeOnTheDelayedRecord() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);
        DelayedRecords delayed = new DelayedRecords(tiers, clock);
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "x".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<byte[], byte[]> r =
                delayed.after("orders.requested", "k".getBytes(), "v".getBytes(), headers, Duration.ofMillis(750));

        assertThat(r.topic()).isEqualTo("t.1s");
        assertThat(DelayHeaders.text(r.headers(), DelayHeaders.TARGET)).isEqualTo("orders.requested");
        assertThat(DelayHeaders.dueMillis(r.headers())).hasValue(1_000_750);
        assertThat(DelayHeaders.text(r.headers(), "trace")).isEqualTo("x");
    }

    @Test
    void shouldTreatAPastDueTimeAsNoDelay() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC);
        ProducerRecord<byte[], byte[]> r =
                new DelayedRecords(tiers, clock).at("x", null, new byte[0], null, Instant.ofEpochMilli(1_000));
        assertThat(r.topic()).isEqualTo("t.100ms");
        assertThat(DelayHeaders.dueMillis(r.headers())).hasValue(1_000);
    }
}
