package dev.sluice.answers.retry;

import dev.sluice.answers.llm.LlmOutcome;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.platform.config.ConfigException;
import dev.sluice.platform.config.Values;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Routes one LLM outcome to one {@link RetryDecision}, in the spirit of spring-kafka's retry
 * topics: retryable, not fatal, attempts left → retry with a delay; otherwise the DLQ.
 *
 * <ul>
 *   <li>Answer → publish.</li>
 *   <li>Overload → exponential backoff with <b>full jitter</b>: a delay drawn uniformly from
 *       {@code [0, min(cap, base * 2^n)]}, n = overload retries spent so far. Full jitter spreads a
 *       burst of rejected calls over the whole window, so they do not come back as a burst (AWS
 *       Architecture Blog, "Exponential Backoff And Jitter").</li>
 *   <li>Quota → the server's Retry-After when it gave one (it knows when its window opens),
 *       otherwise the configured quota window, <b>plus</b> the same full-jitter backoff on the
 *       quota retries spent: never earlier than the server asked, and spread after it. A token
 *       bucket's Retry-After is the time to its <em>next</em> token, the same instant for every
 *       waiting question; honoured exactly, they all come back together, one wins and the rest
 *       burn their budget in about a second (the answers report measured 69% recovered that way,
 *       no better than no retry, and 95% with jitter; docs/report/answers.md, "Retries").</li>
 *   <li>Fatal → DLQ at once: the same request would fail the same way.</li>
 *   <li>Empty → a failed attempt that is retried like an overload and spends the same budget:
 *       an empty completion is usually transient (a truncated or filtered generation), and sharing
 *       the budget bounds a model that always answers empty.</li>
 * </ul>
 *
 * <p>Time comes from the injected {@link Clock} and jitter from the injected {@link Random}, so
 * tests are exact and never sleep. Not thread-safe because {@link Random} contention is not wanted
 * either: callers share one policy under their own lock or use one per thread (the worker decides
 * on its loop thread).
 */
public final class RetryPolicy {
    private final Settings settings;
    private final Clock clock;
    private final Random random;

    /**
     * The policy's configuration; every field is an application key under {@code answers.retry.}
     * (docs/configuration.md), read by {@link #fromConfig}. There is no jitter setting: overload
     * backoff always uses full jitter, and quota waits add it after the server's delay (see the class
     * comment).
     *
     * @param base first overload backoff ceiling ({@value #OVERLOAD_BASE_KEY})
     * @param cap largest overload backoff ceiling ({@value #OVERLOAD_CAP_KEY})
     * @param maxOverloadRetries overload (and empty) retries per attempt before the DLQ
     *     ({@value #OVERLOAD_MAX_RETRIES_KEY})
     * @param quotaWindow the wait after a quota error without a server delay ({@value #QUOTA_WINDOW_KEY})
     * @param maxQuotaRetries quota retries per attempt before the DLQ ({@value #QUOTA_MAX_RETRIES_KEY})
     * @param maxDeferrals times in a row a task may be sent back without an LLM call (breaker open,
     *     limiter blocked) before it goes to the DLQ; bounds a task that never gets a call slot. One
     *     budget for deferrals of either kind, hence not under {@code overload.} or {@code quota.}
     *     ({@value #MAX_DEFERRALS_KEY})
     */
    public record Settings(
            Duration base,
            Duration cap,
            int maxOverloadRetries,
            Duration quotaWindow,
            int maxQuotaRetries,
            int maxDeferrals) {
        private static final String PREFIX = "answers.retry.";
        public static final String OVERLOAD_BASE_KEY = "answers.retry.overload.base";
        public static final String OVERLOAD_CAP_KEY = "answers.retry.overload.cap";
        public static final String OVERLOAD_MAX_RETRIES_KEY = "answers.retry.overload.max-retries";
        public static final String QUOTA_WINDOW_KEY = "answers.retry.quota.window";
        public static final String QUOTA_MAX_RETRIES_KEY = "answers.retry.quota.max-retries";
        public static final String MAX_DEFERRALS_KEY = "answers.retry.max-deferrals";
        private static final List<String> KEYS = List.of(
                OVERLOAD_BASE_KEY,
                OVERLOAD_CAP_KEY,
                OVERLOAD_MAX_RETRIES_KEY,
                QUOTA_WINDOW_KEY,
                QUOTA_MAX_RETRIES_KEY,
                MAX_DEFERRALS_KEY);

        public Settings {
            requirePositive(base, OVERLOAD_BASE_KEY, "200ms");
            requirePositive(cap, OVERLOAD_CAP_KEY, "30s");
            if (cap.compareTo(base) < 0) {
                throw new IllegalArgumentException(OVERLOAD_CAP_KEY + ": '" + Values.format(cap) + "' is not at least "
                        + OVERLOAD_BASE_KEY + " (" + Values.format(base) + "), e.g. 30s");
            }
            requireCount(maxOverloadRetries, OVERLOAD_MAX_RETRIES_KEY, "8");
            requirePositive(quotaWindow, QUOTA_WINDOW_KEY, "60s");
            requireCount(maxQuotaRetries, QUOTA_MAX_RETRIES_KEY, "8");
            requireCount(maxDeferrals, MAX_DEFERRALS_KEY, "50");
        }

        public Settings(
                Duration base, Duration cap, int maxOverloadRetries, Duration quotaWindow, int maxQuotaRetries) {
            this(base, cap, maxOverloadRetries, quotaWindow, maxQuotaRetries, 50);
        }

        /** 200 ms doubling to 30 s, 8 overload retries; quota window 60 s, 8 quota retries; 50 deferrals. */
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(200), Duration.ofSeconds(30), 8, Duration.ofSeconds(60), 8);
        }

        /**
         * The settings from the application keys ({@code SluiceConfig.extra()}); a missing key keeps
         * its {@link #defaults() default}. Durations are written as everywhere in the configuration
         * ({@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d}), counts as whole numbers.
         *
         * @param extra every non-platform key; keys outside {@code answers.retry.} are ignored
         * @throws ConfigException naming the key, the bad value and an example, for a value that does
         *     not parse or cannot work, or for an unknown key under {@code answers.retry.} (a typo
         *     would otherwise be silently ignored)
         */
        public static Settings fromConfig(Map<String, String> extra) {
            Objects.requireNonNull(extra, "extra");
            for (String key : extra.keySet()) {
                if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
                    throw new ConfigException(key + ": unknown key; the retry keys are " + String.join(", ", KEYS));
                }
            }
            Settings d = defaults();
            try {
                return new Settings(
                        duration(extra, OVERLOAD_BASE_KEY, d.base(), "200ms"),
                        duration(extra, OVERLOAD_CAP_KEY, d.cap(), "30s"),
                        count(extra, OVERLOAD_MAX_RETRIES_KEY, d.maxOverloadRetries(), "8"),
                        duration(extra, QUOTA_WINDOW_KEY, d.quotaWindow(), "60s"),
                        count(extra, QUOTA_MAX_RETRIES_KEY, d.maxQuotaRetries(), "8"),
                        count(extra, MAX_DEFERRALS_KEY, d.maxDeferrals(), "50"));
            } catch (IllegalArgumentException cannotWork) {
                // one exception type for every configuration problem; the message already names the key
                throw new ConfigException(cannotWork.getMessage());
            }
        }

        private static Duration duration(Map<String, String> extra, String key, Duration fallback, String example) {
            String value = extra.get(key);
            if (value == null) {
                return fallback;
            }
            try {
                return Values.duration(key, value);
            } catch (ConfigException e) {
                throw new ConfigException(e.getMessage() + ", e.g. " + example);
            }
        }

        private static int count(Map<String, String> extra, String key, int fallback, String example) {
            String value = extra.get(key);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new ConfigException(
                        key + ": '" + value + "' is not a whole number >= 0 (0 = none), e.g. " + example);
            }
        }

        private static void requirePositive(Duration d, String key, String example) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + ": '" + (d == null ? "none" : Values.format(d))
                        + "' is not a positive duration, e.g. " + example);
            }
        }

        private static void requireCount(int n, String key, String example) {
            if (n < 0) {
                throw new IllegalArgumentException(
                        key + ": '" + n + "' is not a whole number >= 0 (0 = none), e.g. " + example);
            }
        }
    }

    public RetryPolicy(Settings settings, Clock clock, Random random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random (seed it in tests)");
    }

    public Settings settings() {
        return settings;
    }

    /** The decision for {@code task} after the LLM answered {@code outcome}. */
    public RetryDecision decide(QuestionTask task, LlmOutcome outcome) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome instanceof LlmOutcome.Answer a) {
            return new RetryDecision.Publish(new GeneratedAnswer(
                    task.questionId(),
                    task.attempt(),
                    task.title(),
                    task.content(),
                    task.bestAnswer(),
                    a.text(),
                    a.model(),
                    a.latency().toMillis(),
                    task.overloadRetries(),
                    task.quotaRetries(),
                    task.submittedAt(),
                    clock.instant(),
                    task.previousAnswer()));
        }
        if (outcome instanceof LlmOutcome.Overload o) {
            return overloadOrGiveUp(task, "overload", o.reason() + statusSuffix(o.httpStatus()), outcome);
        }
        if (outcome instanceof LlmOutcome.Empty e) {
            return overloadOrGiveUp(task, "empty", e.reason(), outcome);
        }
        if (outcome instanceof LlmOutcome.Quota q) {
            String reason = q.reason() + statusSuffix(q.httpStatus());
            if (task.quotaRetries() >= settings.maxQuotaRetries()) {
                return new RetryDecision.GiveUp(
                        "quota",
                        "gave up after " + task.quotaRetries() + " quota retries: " + reason,
                        outcome.toString());
            }
            Duration delay = quotaDelay(q.retryAfter(), task.quotaRetries());
            return new RetryDecision.Retry(task.withQuotaRetry(), RetryKind.QUOTA, delay, reason, false);
        }
        LlmOutcome.Fatal f = (LlmOutcome.Fatal) outcome;
        return new RetryDecision.GiveUp(
                "fatal", "not retryable: " + f.reason() + statusSuffix(f.httpStatus()), outcome.toString());
    }

    /**
     * The decision for a task that was not sent to the LLM because calls are held back (breaker
     * open, or the server's Retry-After not reached): back to pending after {@code wait}, without
     * spending its retry budget, at most {@link Settings#maxDeferrals()} times in a row.
     *
     * @param deferralsSoFar deferrals already behind this task (carried in a record header)
     */
    public RetryDecision defer(QuestionTask task, RetryKind kind, Duration wait, String reason, int deferralsSoFar) {
        if (deferralsSoFar >= settings.maxDeferrals()) {
            return new RetryDecision.GiveUp(
                    "deferred", "gave up after " + deferralsSoFar + " deferrals without an LLM call: " + reason, "");
        }
        return new RetryDecision.Retry(task, kind, wait.isNegative() ? Duration.ZERO : wait, reason, true);
    }

    /**
     * The wait before a quota retry: the server's delay (or the quota window without one) plus full
     * jitter on the quota retries spent so far.
     */
    public Duration quotaDelay(Optional<Duration> serverDelay, int quotaRetriesSoFar) {
        Duration floor = serverDelay.filter(d -> !d.isNegative()).orElse(settings.quotaWindow());
        return floor.plus(overloadBackoff(quotaRetriesSoFar));
    }

    /** Full jitter: uniform in {@code [0, min(cap, base * 2^retriesSoFar)]}. */
    public Duration overloadBackoff(int retriesSoFar) {
        long ceiling = backoffCeiling(retriesSoFar).toMillis();
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    /** {@code min(cap, base * 2^retriesSoFar)}, without overflow for any count. */
    public Duration backoffCeiling(int retriesSoFar) {
        if (retriesSoFar < 0) {
            throw new IllegalArgumentException("retriesSoFar must not be negative, was " + retriesSoFar);
        }
        long base = settings.base().toMillis();
        long cap = settings.cap().toMillis();
        // once base * 2^n passes the cap, more doubling cannot matter; 62 keeps the shift in range
        if (retriesSoFar >= 62 || base > (cap >> Math.min(retriesSoFar, 62))) {
            return settings.cap();
        }
        return Duration.ofMillis(Math.min(cap, base << retriesSoFar));
    }

    private RetryDecision overloadOrGiveUp(QuestionTask task, String errorClass, String reason, LlmOutcome outcome) {
        if (task.overloadRetries() >= settings.maxOverloadRetries()) {
            return new RetryDecision.GiveUp(
                    errorClass,
                    "gave up after " + task.overloadRetries() + " overload/empty retries: " + reason,
                    outcome.toString());
        }
        return new RetryDecision.Retry(
                task.withOverloadRetry(), RetryKind.OVERLOAD, overloadBackoff(task.overloadRetries()), reason, false);
    }

    private static String statusSuffix(int status) {
        return status > 0 ? " (HTTP " + status + ")" : "";
    }
}
