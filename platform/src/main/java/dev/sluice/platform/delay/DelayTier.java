package dev.sluice.platform.delay;

import java.time.Duration;
import java.util.Objects;

/**
 * One delay tier: a topic holding records whose delay is in {@code (lowerBound, upperBound]}.
 *
 * <p>The scheduler forwards a tier's partitions strictly in offset order, so a record can be held
 * back behind an earlier record of the same partition with a later due time. Within one tier that
 * hold-back is at most {@link #granularity()}: the width of the tier's delay range.
 */
public record DelayTier(String label, String topic, Duration lowerBound, Duration upperBound) {
    public DelayTier {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(lowerBound, "lowerBound");
        Objects.requireNonNull(upperBound, "upperBound");
        if (lowerBound.isNegative() || upperBound.compareTo(lowerBound) <= 0) {
            throw new IllegalArgumentException(
                    "delay tier " + label + ": upper bound " + upperBound + " must be above lower bound " + lowerBound);
        }
    }

    /** The most a record of this tier can be held back by an earlier record of the same partition. */
    public Duration granularity() {
        return upperBound.minus(lowerBound);
    }
}
