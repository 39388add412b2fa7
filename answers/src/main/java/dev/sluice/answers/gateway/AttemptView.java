package dev.sluice.answers.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One attempt in a question's status: a scored answer (score, latency, model) or a failure from
 * {@code answers.dead_letters} ({@code error} as "class: reason"); null fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptView(int attempt, Double score, Long latencyMs, String model, String error) {}
