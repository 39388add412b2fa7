package dev.sluice.answers.analysis.timeline;

/** The stages a question's end-to-end time is split into, in the order a question meets them. */
public enum Stage {
    GATEWAY("gateway"),
    QUEUE("queue wait"),
    LLM("LLM call"),
    WORKER_COMMIT("worker commit"),
    RETRY("retry waits"),
    SCORING("scoring"),
    CHECKPOINT("checkpoint wait"),
    STORAGE("storage");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
