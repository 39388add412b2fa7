package dev.sluice.platform.service;

import dev.sluice.platform.service.ServiceHealth.State;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every polling Kafka service shares (the delay scheduler, the LLM worker, answers
 * storage, the orders processor and notifier): one thread runs <i>sessions</i> until stopped. A
 * session builds fresh Kafka clients, calls {@link #register} with its consumer and loops while
 * {@link #running()}.
 *
 * <p>Guarantees: a session that fails (broker gone, transaction aborted, rebalance under a batch,
 * database or SMTP down) is thrown away with its clients, logged at WARN with the service name and
 * the cause, and a new one starts after a {@link Backoff}, from the committed offsets. The base
 * knows nothing of the work itself: what happens to the failed session's uncommitted work is each
 * service's business, made safe by Kafka transactions (the new producer aborts what the old one
 * left open) or by idempotent writes (the replayed batch changes nothing). Every state change is
 * visible in {@link #health()} from any thread, and in the {@code sluice.service.*} meters once
 * {@link #bindMetrics bound}.
 *
 * <p>Some errors end the service as {@link State#FAILED} with an ERROR log that says what to do,
 * because a new session would meet them again. Fencing above all: our transactional id is stable
 * per instance id, so being fenced means another live producer with the same id took over. A new
 * session would fence it back, and the two would take turns aborting each other's transactions
 * (asking the LLM twice, forwarding nothing) for as long as both run; this instance steps aside.
 * Missing authorisation, bad client configuration and JVM errors end it too. The failure listener
 * ({@link #onFailure}) lets the process decide to exit; by default there is only the log and the
 * state.
 */
public abstract class PollingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PollingService.class);

    private final String name;
    private final Backoff backoff;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicReference<RuntimeException> fault = new AtomicReference<>();
    private volatile boolean stopping;
    private volatile State state = State.STOPPED;
    private volatile String lastError;
    private volatile Throwable failure;
    private volatile Duration nextBackoff = Duration.ZERO;
    private volatile int nice;
    private volatile org.apache.kafka.clients.consumer.Consumer<?, ?> consumer;
    private volatile Consumer<ServiceHealth> failureListener = health -> {};
    private final AtomicBoolean stopHookRun = new AtomicBoolean();
    private long runningSinceNanos; // service thread only
    private boolean sessionPolling; // service thread only
    private Thread thread;

    /**
     * @param name names the thread, the log lines, the metrics' {@code service} tag and the {@code /ready} check
     * @param backoff the wait between a failed session and the next
     */
    protected PollingService(String name, Backoff backoff) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a service needs a name for its logs and metrics, e.g. 'llm-worker-a'");
        }
        this.name = name;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * One session: build the clients, {@link #register} the consumer, loop {@code while (running())},
     * close the clients. Any exception ends the session; the base decides whether another starts.
     */
    protected abstract void runSession() throws Exception;

    /** Runs in {@link #start()} before the thread starts (e.g. create a pool or apply migrations). */
    protected void onStart() {}

    /** Runs in {@link #stop()} after the thread has ended (e.g. shut the pool down). */
    protected void onStop() {}

    /**
     * Hands the base the session's consumer, so {@link #stop()} can wake it from a poll. Throws
     * {@link WakeupException} (a clean end) if the service is already stopping.
     */
    protected final void register(org.apache.kafka.clients.consumer.Consumer<?, ?> c) {
        consumer = c;
        if (stopping) {
            throw new WakeupException();
        }
    }

    /**
     * The session loop's condition: false once stop is requested. Also the health hook: the first
     * call of a session marks the service {@link State#RUNNING}, and a fault injected by {@link
     * #injectFault} is thrown here. Call it on the service thread only, once per iteration.
     */
    protected final boolean running() {
        if (stopping) {
            return false;
        }
        RuntimeException f = fault.getAndSet(null);
        if (f != null) {
            throw f;
        }
        if (!sessionPolling) {
            sessionPolling = true;
            runningSinceNanos = System.nanoTime();
            state = State.RUNNING;
        }
        return true;
    }

    /** True once stop is requested: for checks inside an iteration, where {@link #running()} is not the loop condition. */
    protected final boolean stopping() {
        return stopping;
    }

    /**
     * Waits up to {@code d} or until stop is requested, whichever is first: for pauses inside a
     * session (never {@code Thread.sleep}). True if stop was requested.
     */
    protected final boolean awaitStop(Duration d) {
        try {
            return stopRequested.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    public String name() {
        return name;
    }

    /**
     * Runs the service's thread {@code nice} steps below the normal priority (see {@link
     * ThreadNice}): for work that may wait while work that is due now takes the CPU. Before {@link
     * #start()}; 0 (the default) leaves it unchanged.
     */
    public PollingService withNice(int nice) {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException(name + ": nice must be 0 to 19, was " + nice);
        }
        this.nice = nice;
        return this;
    }

    /** The nice value this service's threads add ({@link #withNice}), for the threads it starts itself. */
    protected final int nice() {
        return nice;
    }

    /** Starts the session loop on a thread named after the service. Once per instance. */
    public synchronized PollingService start() {
        if (thread != null) {
            throw new IllegalStateException(name + " already started; build a new instance to start it again");
        }
        onStart();
        state = State.STARTING;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * Stops after the current iteration: the consumer is woken from its poll, a session's
     * uncommitted work is left to the next owner, the clients are closed. Waits for the thread.
     */
    public void stop() {
        stopping = true;
        stopRequested.countDown();
        org.apache.kafka.clients.consumer.Consumer<?, ?> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        if (t != Thread.currentThread()) {
            try {
                ended.await();
                if (state != State.FAILED) {
                    // the thread is past its loop; let it finish so a stopped service has no thread
                    // left (a failed one may be in a listener that exits the JVM: not waited for)
                    t.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stopHookRun.compareAndSet(false, true)) {
            onStop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** True while a session is up or being rebuilt; false once stopped or failed. */
    public boolean isRunning() {
        State s = state;
        return s == State.STARTING || s == State.RUNNING || s == State.RESTARTING;
    }

    /** Why the service ended on its own ({@link State#FAILED}), or null. */
    public Throwable failure() {
        return failure;
    }

    public ServiceHealth health() {
        return new ServiceHealth(name, state, restarts.get(), lastError);
    }

    /** The wait before the session being rebuilt starts; zero unless {@link State#RESTARTING}. */
    public Duration currentBackoff() {
        return state == State.RESTARTING ? nextBackoff : Duration.ZERO;
    }

    /**
     * Registers {@code sluice.service.restarts} (sessions rebuilt) and {@code sluice.service.state}
     * ({@link State#code()}), tagged {@code service=<name>}.
     */
    public PollingService bindMetrics(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        FunctionCounter.builder("sluice.service.restarts", restarts, AtomicLong::get)
                .description("failed sessions thrown away and rebuilt")
                .tag("service", name)
                .register(registry);
        Gauge.builder("sluice.service.state", this, s -> s.state.code())
                .description("0 stopped, 1 starting, 2 running, 3 restarting, 4 failed")
                .tag("service", name)
                .register(registry);
        return this;
    }

    /**
     * Called once, on the service thread after its loop has ended, when the service ends as {@link
     * State#FAILED}; e.g. to exit the process ({@link #stop()} from a shutdown hook does not wait for it).
     */
    public PollingService onFailure(Consumer<ServiceHealth> listener) {
        this.failureListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * For tests and operations (a drill): the next {@link #running()} check of the session loop
     * throws {@code fault}, which the service handles as any other session failure (or as a fatal
     * one, for a fencing fault).
     */
    public void injectFault(RuntimeException fault) {
        this.fault.set(Objects.requireNonNull(fault, "fault"));
    }

    private void loop() {
        int failuresInARow = 0;
        ThreadNice.lower(nice);
        try {
            while (!stopping) {
                sessionPolling = false;
                try {
                    runSession();
                    if (!stopping) {
                        throw new IllegalStateException("the session ended without being stopped");
                    }
                } catch (Throwable e) {
                    if (stopping && (e instanceof WakeupException || e instanceof InterruptException)) {
                        return; // stop() woke the consumer: a clean stop
                    }
                    String fatal = Fatal.whatToDo(e);
                    if (fatal != null) {
                        fail(e, fatal);
                        return;
                    }
                    if (stopping) {
                        LOG.info("{} stopped; its last session ended with {}", name, e.toString());
                        return;
                    }
                    if (sessionPolling
                            && System.nanoTime() - runningSinceNanos
                                    >= backoff.healthyAfter().toNanos()) {
                        failuresInARow = 0; // it had run healthily: start again from the minimum
                    }
                    failuresInARow++;
                    Duration wait = backoff.delay(failuresInARow);
                    nextBackoff = wait;
                    lastError = Fatal.describe(e);
                    restarts.incrementAndGet();
                    state = State.RESTARTING;
                    LOG.warn(
                            "{} session failed ({} in a row), starting a new one from the committed offsets in {} ms: {}",
                            name,
                            failuresInARow,
                            wait.toMillis(),
                            lastError,
                            e);
                    if (stopRequested.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } finally {
                    consumer = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (state != State.FAILED) {
                state = State.STOPPED;
            }
            ended.countDown();
            if (state == State.FAILED) {
                // after the latch: a listener that exits the JVM must not block a shutdown hook's stop()
                notifyFailure();
            }
        }
    }

    private void fail(Throwable e, String whatToDo) {
        failure = e;
        lastError = Fatal.describe(e);
        state = State.FAILED;
        LOG.error("{} FAILED and will not restart ({}). {}", name, lastError, whatToDo, e);
    }

    private void notifyFailure() {
        try {
            failureListener.accept(health());
        } catch (RuntimeException listenerFailed) {
            LOG.error("{}: the failure listener threw", name, listenerFailed);
        }
    }
}
