package dev.sluice.answers.analysis.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What was observed of one question on its way through the pipeline, all on one machine's wall
 * clock (epoch ms): when the client sent it, when each record about it became visible to a
 * {@code read_committed} reader, the times the records carry, and when its result row appeared in
 * PostgreSQL. {@link #stages()} turns it into the time spent per {@link Stage}.
 */
public final class QuestionTrace {
    /** A record about the question, by what it is. */
    public enum Kind {
        /** a task on {@code questions.pending}: new, retried or regenerated */
        PENDING,
        /** an answer on {@code answers.generated} */
        ANSWER,
        /** a task sent to a retry tier: after a failed call, or deferred without one */
        RETRY,
        /** an attempt's score on {@code answers.scored} */
        SCORED,
        /** the final answer on {@code answers.validated} */
        VALIDATED
    }

    /**
     * @param visibleAt when a read_committed reader first saw it
     * @param attempt the generation attempt (0 when the record does not say)
     * @param callStartedAt when the worker's LLM call began ({@code sluice.llm.call-started-at}); -1: no call
     * @param callMs how long that call took; -1: no call
     * @param decidedAt the time the record itself carries: a retry's failed-at, a score's scored-at, a
     *     validation's validated-at; -1 when none
     */
    public record Event(Kind kind, long visibleAt, int attempt, long callStartedAt, long callMs, long decidedAt) {
        public Event {
            Objects.requireNonNull(kind, "kind");
        }

        boolean called() {
            return callStartedAt >= 0 && callMs >= 0;
        }
    }

    /** Per stage, ms; or why the trace could not be split. */
    public record Split(long[] millis, String problem) {
        public boolean complete() {
            return problem == null;
        }

        public long total() {
            long t = 0;
            for (long m : millis) {
                t += m;
            }
            return t;
        }

        public long of(Stage s) {
            return millis[s.ordinal()];
        }
    }

    private final String questionId;
    private final long sentAt;
    private final List<Event> events = new ArrayList<>();
    private long storedAt = -1;
    private long ackedAt = -1;

    public QuestionTrace(String questionId, long sentAt) {
        this.questionId = Objects.requireNonNull(questionId, "questionId");
        this.sentAt = sentAt;
    }

    public String questionId() {
        return questionId;
    }

    public long sentAt() {
        return sentAt;
    }

    public synchronized QuestionTrace add(Event e) {
        events.add(Objects.requireNonNull(e, "event"));
        return this;
    }

    public synchronized QuestionTrace stored(long at) {
        this.storedAt = at;
        return this;
    }

    /** When the gateway's 202 reached the client: the question is in Kafka (acks=all) from then on. */
    public synchronized QuestionTrace acked(long at) {
        this.ackedAt = at;
        return this;
    }

    /**
     * When the row was stored, or -1. The poller's estimate (the midpoint between two polls of
     * PostgreSQL) is raised to the moment the final answer was seen on {@code answers.validated}
     * when it falls before it: storage commits a row only after reading that committed record, so
     * an earlier estimate is the poller's uncertainty, not a negative storage time.
     */
    public synchronized long storedAt() {
        if (storedAt < 0) {
            return storedAt;
        }
        long validatedAt = events.stream()
                .filter(e -> e.kind() == Kind.VALIDATED)
                .mapToLong(Event::visibleAt)
                .min()
                .orElse(storedAt);
        return Math.max(storedAt, validatedAt);
    }

    /** The events seen, in order of visibility, for a log line about a question that did not finish. */
    public synchronized String describe() {
        return events.stream()
                .sorted(Comparator.comparingLong(Event::visibleAt))
                .map(e -> e.kind() + "#" + e.attempt() + "@+" + (e.visibleAt() - sentAt) + "ms")
                .toList()
                .toString();
    }

    /** Generation attempts answered (each one an {@link Kind#ANSWER}), for checking against storage's count. */
    public synchronized long answers() {
        return events.stream().filter(e -> e.kind() == Kind.ANSWER).count();
    }

    /** Passes through a retry tier (failed calls and deferrals). */
    public synchronized long retries() {
        return events.stream().filter(e -> e.kind() == Kind.RETRY).count();
    }

    /**
     * Splits the time from the client's send to the stored row into stages. The intervals join
     * event to event, so they add up to {@code storedAt - sentAt} exactly; what can go wrong is an
     * event missing, or out of order (a negative stage), which a caller counts.
     *
     * <ul>
     *   <li>gateway: sent → the question in Kafka: the gateway's 202 at the client or the first task
     *       visible on {@code questions.pending}, whichever came first (the 202 is sent once the
     *       broker acknowledged the record, so the watcher's own polling delay does not count as
     *       gateway time)
     *   <li>per task on {@code questions.pending}, paired with the worker's output for it in order:
     *       queue wait (task visible → call began; for a deferral, → deferred), LLM call (the call's
     *       own duration), and then either retry waits (call ended → the retried task visible again)
     *       or worker commit (call ended → the answer visible, i.e. the worker's batch transaction
     *       committed), scoring (answer visible → scored) and checkpoint wait (scored → the
     *       regeneration task or the final answer visible, i.e. the job's checkpoint committed)
     *   <li>storage: final answer visible → the row seen in {@code answers.questions}
     * </ul>
     */
    public synchronized Split stages() {
        long[] ms = new long[Stage.values().length];
        List<Event> pending = of(Kind.PENDING);
        List<Event> worker = new ArrayList<>();
        for (Event e : events) {
            if (e.kind() == Kind.ANSWER || e.kind() == Kind.RETRY) {
                worker.add(e);
            }
        }
        worker.sort(Comparator.comparingLong(Event::visibleAt));
        List<Event> validated = of(Kind.VALIDATED);
        if (pending.isEmpty()) {
            return new Split(ms, "no task seen on questions.pending");
        }
        if (pending.size() != worker.size()) {
            return new Split(ms, pending.size() + " tasks but " + worker.size() + " worker outputs");
        }
        if (validated.size() != 1) {
            return new Split(ms, validated.size() + " final answers");
        }
        long storedAt = storedAt();
        if (storedAt < 0) {
            return new Split(ms, "no stored row seen");
        }
        long inKafka = ackedAt >= 0
                ? Math.min(ackedAt, pending.get(0).visibleAt())
                : pending.get(0).visibleAt();
        add(ms, Stage.GATEWAY, inKafka - sentAt);
        for (int i = 0; i < pending.size(); i++) {
            Event task = pending.get(i);
            long taskAt = i == 0 ? inKafka : task.visibleAt();
            Event out = worker.get(i);
            boolean last = i == pending.size() - 1;
            long callEnd;
            if (out.called()) {
                add(ms, Stage.QUEUE, out.callStartedAt() - taskAt);
                add(ms, Stage.LLM, out.callMs());
                callEnd = out.callStartedAt() + out.callMs();
            } else if (out.kind() == Kind.RETRY && out.decidedAt() >= 0) {
                add(ms, Stage.QUEUE, out.decidedAt() - taskAt);
                callEnd = out.decidedAt();
            } else {
                return new Split(ms, "worker output without call headers for attempt " + out.attempt());
            }
            if (out.kind() == Kind.RETRY) {
                if (last) {
                    return new Split(ms, "a retry of attempt " + out.attempt() + " never came back");
                }
                add(ms, Stage.RETRY, pending.get(i + 1).visibleAt() - callEnd);
                continue;
            }
            add(ms, Stage.WORKER_COMMIT, out.visibleAt() - callEnd);
            Event scored = scored(out.attempt());
            if (scored == null) {
                return new Split(ms, "no score for attempt " + out.attempt());
            }
            add(ms, Stage.SCORING, scored.decidedAt() - out.visibleAt());
            long next = last ? validated.get(0).visibleAt() : pending.get(i + 1).visibleAt();
            add(ms, Stage.CHECKPOINT, next - scored.decidedAt());
        }
        add(ms, Stage.STORAGE, storedAt - validated.get(0).visibleAt());
        return new Split(ms, null);
    }

    private Event scored(int attempt) {
        return events.stream()
                .filter(e -> e.kind() == Kind.SCORED && e.attempt() == attempt && e.decidedAt() >= 0)
                .findFirst()
                .orElse(null);
    }

    private List<Event> of(Kind kind) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.kind() == kind) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparingLong(Event::visibleAt));
        return out;
    }

    private static void add(long[] ms, Stage s, long v) {
        ms[s.ordinal()] += v;
    }
}
