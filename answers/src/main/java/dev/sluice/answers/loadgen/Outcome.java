package dev.sluice.answers.loadgen;

/** What happened to one sent question: queued for an answer, answered from the cache or storage, or failed. */
public enum Outcome {
    QUEUED,
    ANSWERED,
    FAILED
}
