package dev.sluice.answers.gateway;

import dev.sluice.answers.messages.QuestionTask;

/**
 * Puts a question on {@code questions.pending} and returns once it is acknowledged. An interface
 * so route tests can count publishes (and fail one) without a broker.
 */
@FunctionalInterface
public interface QuestionPublisher {
  void publish(QuestionTask task) throws Exception;
}
