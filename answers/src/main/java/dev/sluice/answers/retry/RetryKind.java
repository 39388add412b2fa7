package dev.sluice.answers.retry;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.platform.delay.DelayTiers;

/**
 * The two retryable error classes of DESIGN.md, each with its own delay tiers (and so its own
 * scheduler group): overload backoffs are short and jittered, quota waits follow the server.
 */
public enum RetryKind {
    OVERLOAD(AnswersTopics.OVERLOAD_RETRY),
    QUOTA(AnswersTopics.QUOTA_RETRY);

    private final DelayTiers tiers;

    RetryKind(DelayTiers tiers) {
        this.tiers = tiers;
    }

    public DelayTiers tiers() {
        return tiers;
    }
}
