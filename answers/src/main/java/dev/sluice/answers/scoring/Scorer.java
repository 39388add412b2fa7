package dev.sluice.answers.scoring;

import java.io.Serializable;

/**
 * How close an LLM answer is to the community's best answer. The scoring job calls it inside a
 * Flink operator, so implementations are {@link Serializable} and hold no heavy state until first
 * use (a semantic scorer would load its model lazily on the task manager).
 *
 * <p>Kept here rather than taken from the {@code scoring} module so the job does not wait for the
 * semantic metrics; an adapter can wrap those later.
 */
public interface Scorer extends Serializable {

  /**
   * @return a similarity in [0, 1]
   * @throws IllegalArgumentException when the pair cannot be scored (e.g. an empty reference);
   *     the job dead-letters the attempt with this message
   */
  double score(String reference, String candidate);

  /** A short stable name stored with every score, e.g. {@code token_f1}. */
  String name();
}
