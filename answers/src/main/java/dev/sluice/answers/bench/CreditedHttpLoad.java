package dev.sluice.answers.bench;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.loadgen.HttpTarget;
import dev.sluice.answers.loadgen.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The pipeline bench's HTTP load when it runs in its own process ({@code sluice bench http-load},
 * started by {@code bench pipeline}, see {@link LoadProcess}), so the gateway's numbers do not
 * include the client's CPU in the same JVM. It posts the questions of one run exactly as the
 * in-process phase does ({@link PipelineBench#httpBatch}), as many as the parent allows: the parent
 * knows how many results are stored and sends {@code allow N} (N questions in all so far, its
 * backlog bound) on standard input; {@code stop} or the end of input ends the run, and the outcome
 * is one line {@code sent S failed F}.
 */
public final class CreditedHttpLoad {
    /** What a run sent, and how many of those questions the gateway did not accept. */
    public record Result(long sent, long failed) {
        public String line() {
            return "sent " + sent + " failed " + failed;
        }

        public static Result parse(String line) {
            String[] f = line == null ? new String[0] : line.strip().split(" ");
            if (f.length != 4 || !f[0].equals("sent") || !f[2].equals("failed")) {
                throw new IllegalStateException(
                        "the load process ended without its 'sent S failed F' line (got '" + line + "')");
            }
            return new Result(Long.parseLong(f[1]), Long.parseLong(f[3]));
        }
    }

    private final HttpTarget target;
    private final List<QaPair> pairs;
    private final String run;
    private final int batch;
    private final int concurrency;

    public CreditedHttpLoad(HttpTarget target, List<QaPair> pairs, String run, int batch, int concurrency) {
        this.target = Objects.requireNonNull(target, "target");
        this.pairs = List.copyOf(pairs);
        this.run = Objects.requireNonNull(run, "run");
        if (batch < 1 || concurrency < 1) {
            throw new IllegalArgumentException("--batch and --concurrency must be at least 1");
        }
        this.batch = batch;
        this.concurrency = concurrency;
    }

    /** Sends while {@code commands} allows it; returns once it said stop (or ended) and every POST is answered. */
    public Result run(BufferedReader commands) throws InterruptedException {
        AtomicLong allowed = new AtomicLong();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> readCommands(commands, allowed));
        Semaphore outstanding = new Semaphore(concurrency);
        AtomicLong failed = new AtomicLong();
        long sent = 0;
        while (!stopped.isDone()) {
            if (sent + batch > allowed.get()) {
                LockSupport.parkNanos(1_000_000L);
                continue;
            }
            outstanding.acquire();
            List<QaPair> questions = new ArrayList<>(batch);
            for (int k = 0; k < batch; k++) {
                questions.add(PipelineBench.httpQuestion(pairs, run, sent++));
            }
            int size = questions.size();
            CompletableFuture<Outcome> reply;
            try {
                reply = size == 1 ? target.send(questions.get(0)) : target.sendBatch(questions);
            } catch (RuntimeException e) {
                reply = CompletableFuture.failedFuture(e);
            }
            reply.whenComplete((outcome, error) -> {
                if (error != null || outcome == Outcome.FAILED) {
                    failed.addAndGet(size);
                }
                outstanding.release();
            });
        }
        outstanding.acquire(concurrency); // every POST has been answered
        return new Result(sent, failed.get());
    }

    private static void readCommands(BufferedReader commands, AtomicLong allowed) {
        try {
            String line;
            while ((line = commands.readLine()) != null) {
                line = line.strip();
                if (line.equals("stop")) {
                    return;
                }
                if (line.startsWith("allow ")) {
                    long n = Long.parseLong(line.substring("allow ".length()).strip());
                    allowed.accumulateAndGet(n, Math::max);
                } else if (!line.isEmpty()) {
                    throw new IllegalArgumentException("unknown command '" + line + "': expected 'allow N' or 'stop'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the parent's commands", e);
        }
    }
}
