package dev.sluice.answers.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * @param groupId      the storage consumer group; a new group replays every topic from offset 0
 * @param pollTimeout  how long one poll waits for records (also how quickly stop() is noticed)
 * @param retryBackoff the wait after a failed database write before the batch is read again
 */
public record StorageSettings(String groupId, Duration pollTimeout, Duration retryBackoff) {
    public static final String DEFAULT_GROUP = "answers.storage";

    public StorageSettings {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("storage groupId: required, e.g. " + DEFAULT_GROUP);
        }
        Objects.requireNonNull(pollTimeout, "storage pollTimeout: required, e.g. PT0.5S");
        Objects.requireNonNull(retryBackoff, "storage retryBackoff: required, e.g. PT1S");
        if (pollTimeout.isNegative() || pollTimeout.isZero() || retryBackoff.isNegative()) {
            throw new IllegalArgumentException(
                    "storage pollTimeout must be positive and retryBackoff not negative, were " + pollTimeout + " and "
                            + retryBackoff);
        }
    }

    public static StorageSettings defaults() {
        return new StorageSettings(DEFAULT_GROUP, Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    public StorageSettings withGroupId(String value) {
        return new StorageSettings(value, pollTimeout, retryBackoff);
    }
}
