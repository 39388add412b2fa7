package dev.sluice.platform.config;

/** Whether JVM and process metrics are registered (the /metrics endpoint is always served). */
public record MetricsSettings(boolean enabled) {}
