package dev.sluice.answers.retry;

import dev.sluice.answers.llm.LlmOutcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Client-side protection shared by one worker's LLM calls, so a quota storm does not become a
 * flood of rejected calls. Each mechanism answers a different signal:
 *
 * <ol>
 *   <li><b>AIMD concurrency limit</b> (TCP's congestion control): every overload or quota outcome
 *       multiplies the allowed number of concurrent calls by {@code decrease} (halves it by
 *       default), every answer adds {@code 1/limit} (about one more call per round of successful
 *       calls). Only one decrease per round: an outcome of a call that started before the last
 *       decrease says nothing new, or a burst of parallel 503s would collapse the limit at once.</li>
 *   <li><b>AIMD call rate</b> for quota: concurrency alone cannot go below one call per latency,
 *       which can still exceed a quota. A quota outcome halves the rate (doubles the pacing
 *       interval between call starts, at least to the server's Retry-After, which for a token
 *       bucket is the time to its next token); every answer adds {@code rateIncrease} calls/s. Far
 *       above any quota the pacing is dropped.</li>
 *   <li><b>Retry-After block</b>: a quota outcome with a server delay holds back every new call
 *       until then; the server said when its window opens.</li>
 *   <li><b>Circuit breaker</b> (Resilience4j, count-based): opens after a run of overload, quota or
 *       empty outcomes; while open no call is made.</li>
 * </ol>
 *
 * <p>Waits longer than {@code maxBlockWait} (breaker open, a long Retry-After) are not waited out
 * here: {@link #admit()} says how long, and the worker sends the task back through the delay
 * topics with that delay (no LLM call, no consumer held past {@code max.poll.interval.ms}).
 * Shorter waits — a slot under the limit, the pacing interval, a short Retry-After — block in
 * {@link #acquire(Duration)}. Fatal outcomes count as successes for the breaker and the limits:
 * they say the request was bad, not that the server is overloaded.
 */
public final class AdaptiveLimiter {
    private static final double UNPACED_RATE = 1000; // calls/s above which pacing is switched off

    private final Settings settings;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private double limit;
    private double rate = Double.POSITIVE_INFINITY; // calls per second; infinite = unpaced
    private int inFlight;
    private Instant nextStart = Instant.MIN;
    private Instant blockedUntil = Instant.MIN;
    private Instant lastDecrease = Instant.MIN;
    private volatile Instant openUntil = Instant.MIN;

    /**
     * @param maxConcurrency the limit's ceiling and start value (the worker's in-flight bound)
     * @param minConcurrency the floor the limit never drops below (1 keeps probing the server)
     * @param decrease factor applied to the concurrency limit and the rate on trouble, in (0, 1)
     * @param breakerWindow outcomes the breaker looks at (count-based sliding window)
     * @param breakerFailurePercent share of overload/quota/empty outcomes in the window that opens it
     * @param breakerOpenWait how long it stays open before letting probe calls through
     * @param breakerProbes calls allowed while half-open to decide whether to close again
     * @param maxBlockWait longest Retry-After a call thread waits out; longer ones hold the task back
     * @param rateIncrease calls/s added to a paced rate per answer
     */
    public record Settings(
            int maxConcurrency,
            int minConcurrency,
            double decrease,
            int breakerWindow,
            float breakerFailurePercent,
            Duration breakerOpenWait,
            int breakerProbes,
            Duration maxBlockWait,
            double rateIncrease) {
        public Settings {
            if (minConcurrency < 1 || maxConcurrency < minConcurrency) {
                throw new IllegalArgumentException("limiter concurrency needs 1 <= min <= max, was min "
                        + minConcurrency + ", max " + maxConcurrency);
            }
            if (!(decrease > 0 && decrease < 1)) {
                throw new IllegalArgumentException(
                        "limiter decrease factor must be within (0, 1), e.g. 0.5, was " + decrease);
            }
            if (breakerWindow < 1 || breakerProbes < 1) {
                throw new IllegalArgumentException("breaker window and probe calls must be at least 1, were "
                        + breakerWindow + " and " + breakerProbes);
            }
            if (!(breakerFailurePercent > 0 && breakerFailurePercent <= 100)) {
                throw new IllegalArgumentException(
                        "breaker failure percent must be within (0, 100], was " + breakerFailurePercent);
            }
            if (breakerOpenWait == null || breakerOpenWait.isNegative() || breakerOpenWait.isZero()) {
                throw new IllegalArgumentException(
                        "breaker open wait must be positive, e.g. 2s, was " + breakerOpenWait);
            }
            if (maxBlockWait == null || maxBlockWait.isNegative()) {
                throw new IllegalArgumentException(
                        "limiter max block wait must be 0 or positive, e.g. 1s, was " + maxBlockWait);
            }
            if (!(rateIncrease > 0) || Double.isInfinite(rateIncrease)) {
                throw new IllegalArgumentException(
                        "limiter rate increase must be a positive number of calls/s, e.g. 0.5, was " + rateIncrease);
            }
        }

        /** Waits up to 1 s for a short Retry-After in the call thread; adds 0.25 calls/s per answer. */
        public Settings(
                int maxConcurrency,
                int minConcurrency,
                double decrease,
                int breakerWindow,
                float breakerFailurePercent,
                Duration breakerOpenWait,
                int breakerProbes) {
            this(
                    maxConcurrency,
                    minConcurrency,
                    decrease,
                    breakerWindow,
                    breakerFailurePercent,
                    breakerOpenWait,
                    breakerProbes,
                    Duration.ofSeconds(1),
                    0.25);
        }

        /** Halve on trouble; the breaker opens when 80% of the last 20 outcomes were overload/quota, for 2 s. */
        public static Settings of(int maxConcurrency) {
            return new Settings(maxConcurrency, 1, 0.5, 20, 80f, Duration.ofSeconds(2), 3);
        }
    }

    /** Whether a call may be tried now, or how long to hold the task back. */
    public sealed interface Admission {
        record Admitted() implements Admission {}

        record HoldBack(Duration delay, RetryKind kind, String reason) implements Admission {}
    }

    /** A call slot; hand it back with {@link #release}, exactly once. */
    public static final class Slot {
        private final Instant startedAt;
        private boolean released;

        private Slot(Instant startedAt) {
            this.startedAt = startedAt;
        }
    }

    public AdaptiveLimiter(Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limit = settings.maxConcurrency();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindow(
                        settings.breakerWindow(),
                        settings.breakerWindow(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(settings.breakerFailurePercent())
                .waitDurationInOpenState(settings.breakerOpenWait())
                .permittedNumberOfCallsInHalfOpenState(settings.breakerProbes())
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
        this.breaker = CircuitBreaker.of("llm", config);
        // The breaker does not say when it will let calls through again; we note it when it opens.
        breaker.getEventPublisher().onStateTransition(e -> {
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openUntil = clock.instant().plus(settings.breakerOpenWait());
            }
        });
    }

    /**
     * Asks whether a call may start soon. Admitted means the breaker granted a permission: the
     * caller must then {@link #acquire} a slot and {@link #release} it, or {@link #cancel} if it
     * makes no call.
     */
    public Admission admit() {
        Optional<Admission.HoldBack> blocked = longBlock(clock.instant());
        if (blocked.isPresent()) {
            return blocked.get();
        }
        if (!breaker.tryAcquirePermission()) {
            // OPEN: until the breaker lets probes through. HALF_OPEN with every probe taken: the probes'
            // verdict is at most a call away; a zero delay would cycle the task through the delay topics
            // and burn its deferrals, so it waits one more open period.
            Duration wait = Duration.between(clock.instant(), openUntil);
            return new Admission.HoldBack(
                    wait.isNegative() || wait.isZero() ? settings.breakerOpenWait() : wait,
                    RetryKind.OVERLOAD,
                    "LLM circuit breaker " + breaker.getState() + " after a run of overload/quota outcomes");
        }
        return new Admission.Admitted();
    }

    /** Why a call cannot start within {@code maxBlockWait}, if that is so: the server's Retry-After. */
    public Optional<Admission.HoldBack> longBlock(Instant now) {
        lock.lock();
        try {
            // compare instants, not a Duration: Duration.between(now, Instant.MIN) overflows, throws
            // inside the JDK and deoptimised the caller's compiled code on every call
            if (!blockedUntil.isAfter(now.plus(settings.maxBlockWait()))) {
                return Optional.empty();
            }
            return Optional.of(new Admission.HoldBack(
                    Duration.between(now, blockedUntil),
                    RetryKind.QUOTA,
                    "LLM quota: waiting for the server's Retry-After"));
        } finally {
            lock.unlock();
        }
    }

    /** Gives back an admission that made no call. */
    public void cancel() {
        breaker.releasePermission();
    }

    /** Takes a slot if a call may start right now (under the limit, paced, not blocked). */
    public Optional<Slot> tryAcquire() {
        lock.lock();
        try {
            Instant now = clock.instant();
            return waitBeforeStart(now) > 0 ? Optional.empty() : Optional.of(start(now));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits (bounded, in real time) until a call may start: a slot under the limit, the pacing
     * interval, a short Retry-After. Empty if that did not happen within {@code maxWait}.
     */
    public Optional<Slot> acquire(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        try {
            while (true) {
                Instant now = clock.instant();
                long wait = waitBeforeStart(now);
                if (wait == 0) {
                    return Optional.of(start(now));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                changed.awaitNanos(Math.min(wait, left));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records a call's outcome: frees its slot, adapts the limits, feeds the breaker. */
    public void release(Slot slot, LlmOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        Instant now = clock.instant();
        lock.lock();
        try {
            if (slot.released) {
                throw new IllegalStateException("slot released twice");
            }
            slot.released = true;
            inFlight--;
            boolean newRound = !slot.startedAt.isBefore(lastDecrease);
            if ((outcome instanceof LlmOutcome.Overload || outcome instanceof LlmOutcome.Quota) && newRound) {
                limit = Math.max(settings.minConcurrency(), limit * settings.decrease());
                lastDecrease = now;
            } else if (outcome instanceof LlmOutcome.Answer) {
                limit = Math.min(settings.maxConcurrency(), limit + 1.0 / limit);
                rate = rate + settings.rateIncrease() > UNPACED_RATE
                        ? Double.POSITIVE_INFINITY
                        : rate + settings.rateIncrease();
            }
            if (outcome instanceof LlmOutcome.Quota q) {
                if (newRound || Double.isInfinite(rate)) {
                    slowDown(now, slot.startedAt, q.retryAfter());
                }
                if (q.retryAfter().isPresent()) {
                    Instant until = now.plus(q.retryAfter().get());
                    blockedUntil = until.isAfter(blockedUntil) ? until : blockedUntil;
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (outcome instanceof LlmOutcome.Overload
                || outcome instanceof LlmOutcome.Quota
                || outcome instanceof LlmOutcome.Empty) {
            breaker.onError(
                    latencyNanos(outcome),
                    TimeUnit.NANOSECONDS,
                    new LlmTrouble(outcome.getClass().getSimpleName()));
        } else {
            breaker.onSuccess(latencyNanos(outcome), TimeUnit.NANOSECONDS);
        }
    }

    /** The concurrency currently allowed (whole calls). */
    public int currentLimit() {
        lock.lock();
        try {
            return (int) Math.floor(limit);
        } finally {
            lock.unlock();
        }
    }

    /** Calls per second currently allowed; infinite when unpaced. */
    public double currentRate() {
        lock.lock();
        try {
            return rate;
        } finally {
            lock.unlock();
        }
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Nanoseconds until a call may start (0 = now); the lock is held. */
    private long waitBeforeStart(Instant now) {
        if (now.isBefore(blockedUntil)) {
            return Duration.between(now, blockedUntil).toNanos();
        }
        if (inFlight >= (int) Math.floor(limit)) {
            return Long.MAX_VALUE; // until a release signals
        }
        return now.isBefore(nextStart) ? Duration.between(now, nextStart).toNanos() : 0;
    }

    private Slot start(Instant now) {
        inFlight++;
        nextStart = Double.isInfinite(rate) ? Instant.MIN : now.plusNanos((long) (1e9 / rate));
        return new Slot(now);
    }

    /**
     * Halves the rate. The first time, the rate is unknown: it starts from what the server
     * signalled, one call per Retry-After, else the rate of the calls just made (concurrency over
     * the failed call's duration).
     */
    private void slowDown(Instant now, Instant callStarted, Optional<Duration> retryAfter) {
        if (Double.isInfinite(rate)) {
            double seconds = retryAfter
                    .map(d -> d.toNanos() / 1e9)
                    .orElse(Math.max(1e-3, Duration.between(callStarted, now).toNanos() / 1e9) / Math.max(1, limit));
            rate = 1 / Math.max(1e-3, seconds);
        } else {
            rate = Math.max(0.01, rate * settings.decrease());
        }
    }

    private static long latencyNanos(LlmOutcome outcome) {
        Duration d;
        if (outcome instanceof LlmOutcome.Answer a) {
            d = a.latency();
        } else if (outcome instanceof LlmOutcome.Overload o) {
            d = o.latency();
        } else if (outcome instanceof LlmOutcome.Quota q) {
            d = q.latency();
        } else if (outcome instanceof LlmOutcome.Fatal f) {
            d = f.latency();
        } else {
            d = ((LlmOutcome.Empty) outcome).latency();
        }
        return d == null ? 0 : d.toNanos();
    }

    /** What the breaker records for a failed call; no stack trace, it is a routine outcome. */
    private static final class LlmTrouble extends RuntimeException {
        LlmTrouble(String outcome) {
            super(outcome, null, false, false);
        }
    }
}
