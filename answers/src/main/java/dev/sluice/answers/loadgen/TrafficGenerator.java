package dev.sluice.answers.loadgen;

import dev.sluice.answers.dataset.QaPair;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Drives questions at a target on a schedule: the arrival process sets when, the popularity
 * which question of the list, both from one {@link Random} seeded by the plan, so the same plan
 * over the same list sends the same questions in the same order at the same offsets.
 *
 * <p>Open loop: each send is due at its scheduled time whatever the target's latency, as real
 * users do not wait for each other; only {@code concurrency} requests may be outstanding, and when
 * that bound is hit the schedule slips, which the result reports as {@code maxLag}.
 *
 * <p>{@code progress} is called on the generator's thread after every send and once at the end;
 * keep it cheap (the CLI redraws its bar at most a few times a second).
 */
public final class TrafficGenerator {
    private final TrafficPlan plan;
    private final List<QaPair> questions;
    private final Target target;
    private final Consumer<TrafficProgress> progress;
    private final Pacer pacer;

    public TrafficGenerator(
            TrafficPlan plan, List<QaPair> questions, Target target, Consumer<TrafficProgress> progress) {
        this(plan, questions, target, progress, Pacer.SYSTEM);
    }

    TrafficGenerator(
            TrafficPlan plan, List<QaPair> questions, Target target, Consumer<TrafficProgress> progress, Pacer pacer) {
        this.plan = Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(questions, "questions");
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("questions: the list to draw from is empty; load a dataset first");
        }
        this.questions = List.copyOf(questions);
        this.target = Objects.requireNonNull(target, "target");
        this.progress = progress == null ? p -> {} : progress;
        this.pacer = Objects.requireNonNull(pacer, "pacer");
    }

    /** Sends until a bound is reached, waits for every outstanding request, and returns the counts. */
    public TrafficResult run() throws InterruptedException {
        Random random = new Random(plan.seed());
        ArrivalProcess arrivals = plan.arrivals();
        Popularity popularity = plan.popularityOver(questions.size());
        long limit = plan.maxQuestions() == 0 ? Long.MAX_VALUE : plan.maxQuestions();
        long end =
                plan.maxDuration() == null ? Long.MAX_VALUE : plan.maxDuration().toNanos();
        Semaphore slots = new Semaphore(plan.concurrency());
        AtomicLong queued = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();

        long start = pacer.nanoTime();
        long due = 0; // offset from start
        long sent = 0;
        long maxLag = 0;
        while (sent < limit) {
            due += arrivals.nextGapNanos(random);
            if (due >= end || Thread.currentThread().isInterrupted()) {
                break;
            }
            QaPair question = questions.get(popularity.next(random));
            pacer.parkUntil(start + due);
            slots.acquire();
            maxLag = Math.max(maxLag, pacer.nanoTime() - start - due);
            sent++;
            CompletableFuture<Outcome> reply;
            try {
                reply = target.send(question);
            } catch (RuntimeException e) {
                reply = CompletableFuture.failedFuture(e); // counted as failed; the slot must still come back
            }
            reply.whenComplete((outcome, error) -> {
                Outcome o = error == null && outcome != null ? outcome : Outcome.FAILED;
                (o == Outcome.QUEUED ? queued : o == Outcome.ANSWERED ? answered : failed).incrementAndGet();
                slots.release();
            });
            progress.accept(snapshot(sent, queued, answered, failed, pacer.nanoTime() - start));
        }
        slots.acquire(plan.concurrency()); // every outstanding request has completed
        slots.release(plan.concurrency());
        long elapsed = pacer.nanoTime() - start;
        progress.accept(snapshot(sent, queued, answered, failed, elapsed));
        return new TrafficResult(
                sent,
                queued.get(),
                answered.get(),
                failed.get(),
                Duration.ofNanos(elapsed),
                Duration.ofNanos(Math.max(0, maxLag)));
    }

    private TrafficProgress snapshot(
            long sent, AtomicLong queued, AtomicLong answered, AtomicLong failed, long elapsed) {
        return new TrafficProgress(
                plan.maxQuestions() == 0 ? -1 : plan.maxQuestions(),
                plan.maxDuration(),
                sent,
                queued.get(),
                answered.get(),
                failed.get(),
                Duration.ofNanos(elapsed));
    }
}
