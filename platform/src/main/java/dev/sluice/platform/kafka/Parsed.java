package dev.sluice.platform.kafka;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of reading one record: the value, or the reason it could not be read. Consumers route
 * failures to a dead-letter topic with {@link #reason()} instead of crashing on a poison record.
 */
public sealed interface Parsed<T> {

    static <T> Parsed<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Parsed<T> failed(String reason) {
        return new Failed<>(reason);
    }

    boolean isOk();

    /** The value; throws with the reason if parsing failed, so check {@link #isOk()} first. */
    T value();

    /** Why parsing failed; throws if it did not. */
    String reason();

    /** Transforms the value and keeps a failure as is. */
    default <R> Parsed<R> map(Function<? super T, ? extends R> f) {
        return isOk() ? ok(f.apply(value())) : failed(reason());
    }

    record Ok<T>(T value) implements Parsed<T> {
        public Ok {
            Objects.requireNonNull(value, "a parsed value is never null: use Parsed.failed(reason)");
        }

        @Override
        public boolean isOk() {
            return true;
        }

        @Override
        public String reason() {
            throw new IllegalStateException("Parsing succeeded, there is no failure reason: check isOk() first");
        }
    }

    record Failed<T>(String reason) implements Parsed<T> {
        public Failed {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a parse failure needs a reason a person can act on");
            }
        }

        @Override
        public boolean isOk() {
            return false;
        }

        @Override
        public T value() {
            throw new IllegalStateException("No value, the record could not be parsed: " + reason);
        }
    }
}
