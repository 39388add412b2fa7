package dev.sluice.platform.config;

/** Where the scoring job runs: a MiniCluster inside this JVM, or a separate session cluster. */
public enum FlinkMode {
    EMBEDDED,
    REMOTE
}
