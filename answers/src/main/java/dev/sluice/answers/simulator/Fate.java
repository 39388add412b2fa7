package dev.sluice.answers.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * What happens to one call that got past capacity and quota: fatal, empty or an answer of some
 * quality, after some latency. Drawn from a random seeded by (simulator seed, question, attempt),
 * not from a shared sequence, so the same question at the same attempt meets the same fate however
 * many threads call in whatever order: runs repeat.
 */
record Fate(Outcome outcome, QualityModel.Kind kind, Duration latency, SplittableRandom textRandom) {
    enum Outcome {
        FATAL,
        EMPTY,
        ANSWER
    }

    static Fate draw(SimulatorSettings settings, String questionKey, int attempt) {
        // in same-answer mode every attempt draws attempt 1's fate: the same outcome, kind, latency and text
        attempt = settings.quality().drawnAttempt(attempt);
        SplittableRandom random = new SplittableRandom(mix(settings.seed(), questionKey, attempt));
        double u = random.nextDouble();
        Outcome outcome = u < settings.fatalRate()
                ? Outcome.FATAL
                : u < settings.fatalRate() + settings.emptyRate() ? Outcome.EMPTY : Outcome.ANSWER;
        QualityModel.Kind kind = settings.quality().kind(attempt, random.nextDouble());
        Duration latency = settings.latency().sample(random);
        return new Fate(outcome, kind, latency, random.split());
    }

    /** FNV-1a over the key, folded with seed and attempt: stable across JVMs, unlike String.hashCode mixing alone. */
    static long mix(long seed, String key, int attempt) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        h ^= attempt * 0x9E3779B97F4A7C15L;
        return h;
    }
}
