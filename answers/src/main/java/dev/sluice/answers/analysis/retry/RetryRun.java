package dev.sluice.answers.analysis.retry;

import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmOutcome;
import dev.sluice.answers.llm.LlmRequest;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.retry.RetryDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A small in-process stand-in for the LLM worker, to compare retry strategies on one fault schedule:
 * questions arrive at a fixed rate, at most {@code maxInFlight} calls run at once (the worker's
 * {@code llm.max-in-flight}), each call goes through the real client and its
 * {@link dev.sluice.answers.llm.ErrorClassifier}, and the strategy decides what follows.
 *
 * <p>A retry's wait is a timer, not a held call thread, like the pipeline's delay topics: a waiting
 * question never takes a call slot. What it leaves out of the pipeline: Kafka (the delay tiers round
 * a wait up to their granularity and add a produce/poll hop), and the worker's adaptive limiter and
 * circuit breaker, which slow every call once errors pile up. Here only the retry decision acts.
 */
public final class RetryRun {
    /** One call's outcome class at a time since the run's start. */
    public record Call(long atMillis, String outcome) {}

    /** One question's fate. */
    public record Question(String id, String fate, int calls, long waitedMillis, long completionMillis, String reason) {
        public boolean recovered() {
            return "answered".equals(fate);
        }

        public boolean deadLettered() {
            return "dead-lettered".equals(fate);
        }
    }

    /** Everything one run saw. */
    public record Result(List<Question> questions, List<Call> calls, long elapsedMillis) {}

    private final LlmClient client;
    private final RetryStrategy strategy;
    private final int maxInFlight;

    public RetryRun(LlmClient client, RetryStrategy strategy, int maxInFlight) {
        this.client = Objects.requireNonNull(client, "client");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
    }

    /**
     * Sends {@code tasks}, one every {@code 1/ratePerSecond}, and waits until every one is answered
     * or dead-lettered, or {@code deadline} after the start; questions still waiting then are
     * reported as {@code unfinished}.
     *
     * @param onStart called once at time zero (the fault schedule starts there)
     */
    public Result run(List<QuestionTask> tasks, double ratePerSecond, Duration deadline, Runnable onStart)
            throws InterruptedException {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("arrival rate must be positive, was " + ratePerSecond);
        }
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Question> done = new ConcurrentLinkedQueue<>();
        CountDownLatch finished = new CountDownLatch(tasks.size());
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("retry-timer"));
        ExecutorService callers = Executors.newFixedThreadPool(maxInFlight, daemon("retry-call"));
        long start = System.nanoTime();
        List<State> states = new ArrayList<>();
        try {
            onStart.run();
            for (int i = 0; i < tasks.size(); i++) {
                State s = new State(tasks.get(i), (long) (i * 1e9 / ratePerSecond));
                states.add(s);
                Runnable call = new Runnable() {
                    @Override
                    public void run() {
                        LlmOutcome outcome = client.complete(new LlmRequest(
                                s.task.questionId(), s.task.attempt(), s.task.title(), s.task.content()));
                        long now = System.nanoTime() - start;
                        s.calls++;
                        calls.add(new Call(now / 1_000_000, kind(outcome)));
                        RetryDecision decision = strategy.decide(s.task, outcome);
                        if (decision instanceof RetryDecision.Retry r) {
                            s.task = r.next();
                            s.waitedNanos += r.delay().toNanos();
                            Runnable self = this;
                            timers.schedule(
                                    () -> callers.execute(self), r.delay().toNanos(), TimeUnit.NANOSECONDS);
                            return;
                        }
                        boolean answered = decision instanceof RetryDecision.Publish;
                        String reason = decision instanceof RetryDecision.GiveUp g ? g.reason() : "";
                        done.add(new Question(
                                s.task.questionId(),
                                answered ? "answered" : "dead-lettered",
                                s.calls,
                                s.waitedNanos / 1_000_000,
                                (now - s.arrivalNanos) / 1_000_000,
                                reason));
                        s.finished = true;
                        finished.countDown();
                    }
                };
                timers.schedule(() -> callers.execute(call), s.arrivalNanos, TimeUnit.NANOSECONDS);
            }
            finished.await(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            timers.shutdownNow();
            callers.shutdownNow();
            callers.awaitTermination(30, TimeUnit.SECONDS);
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        List<Question> questions = new ArrayList<>(done);
        for (State s : states) {
            if (!s.finished) {
                questions.add(new Question(
                        s.task.questionId(), "unfinished", s.calls, s.waitedNanos / 1_000_000, -1, "run deadline"));
            }
        }
        List<Call> sorted = new ArrayList<>(calls);
        sorted.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
        return new Result(Collections.unmodifiableList(questions), Collections.unmodifiableList(sorted), elapsed);
    }

    /** answer, overload, quota, fatal or empty. */
    static String kind(LlmOutcome outcome) {
        if (outcome instanceof LlmOutcome.Answer) {
            return "answer";
        }
        if (outcome instanceof LlmOutcome.Overload) {
            return "overload";
        }
        if (outcome instanceof LlmOutcome.Quota) {
            return "quota";
        }
        return outcome instanceof LlmOutcome.Empty ? "empty" : "fatal";
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** One question's progress; touched by one call at a time (a retry is scheduled after the call ends). */
    private static final class State {
        volatile QuestionTask task;
        final long arrivalNanos;
        volatile int calls;
        volatile long waitedNanos;
        volatile boolean finished;

        State(QuestionTask task, long arrivalNanos) {
            this.task = task;
            this.arrivalNanos = arrivalNanos;
        }
    }
}
