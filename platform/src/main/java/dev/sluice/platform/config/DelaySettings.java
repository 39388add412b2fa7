package dev.sluice.platform.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The delay-topic tiers, one topic per tier. They must ascend strictly so that picking "the
 * largest tier not longer than the wanted delay" has exactly one answer.
 */
public record DelaySettings(List<Duration> tiers) {
    public DelaySettings {
        tiers = List.copyOf(Objects.requireNonNull(tiers, "delay.tiers"));
        String shown = tiers.stream().map(Values::format).collect(Collectors.joining(","));
        if (tiers.isEmpty()) {
            throw Values.invalid("delay.tiers", shown, "a non-empty list of durations (e.g. 1s,10s,1m)");
        }
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).toMillis() < 1) {
                throw Values.invalid("delay.tiers", shown, "a list of durations >= 1ms");
            }
            if (i > 0 && tiers.get(i).compareTo(tiers.get(i - 1)) <= 0) {
                throw Values.invalid("delay.tiers", shown, "a strictly ascending list of durations (e.g. 1s,10s,1m)");
            }
        }
    }
}
