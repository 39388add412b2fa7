package dev.sluice.orders;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start()/stop() shape every orders consumer service shares: one thread runs sessions (fresh
 * Kafka clients each) until stopped. A session that fails (broker gone, transaction aborted, SMTP
 * or database down) is thrown away and a new one starts after a pause, from the committed offsets;
 * whatever the old one did not commit is done again, which each service makes safe (transactions
 * in the processor, idempotency keys in the notifier). Fencing ends the loop: another instance
 * owns our transactional id.
 */
public abstract class KafkaService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaService.class);

    private final String name;
    private final Duration retryPause;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile Consumer<?, ?> consumer;
    private volatile Throwable failure;
    private Thread thread;

    protected KafkaService(String name, Duration retryPause) {
        this.name = name;
        this.retryPause = retryPause;
    }

    /** One session: build clients, call {@link #register} with the consumer, loop while {@link #running()}. */
    protected abstract void runSession() throws Exception;

    protected final void register(Consumer<?, ?> c) {
        consumer = c;
        if (!running) {
            c.wakeup();
        }
    }

    protected final boolean running() {
        return running;
    }

    public synchronized KafkaService start() {
        if (thread != null) {
            throw new IllegalStateException(name + " already started; build a new instance to restart");
        }
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Stops after the current batch (its transaction or offset commit is finished or abandoned) and closes the clients. */
    public void stop() {
        running = false;
        stopRequested.countDown();
        Consumer<?, ?> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    /** Why the loop ended on its own, or null. */
    public Throwable failure() {
        return failure;
    }

    private void loop() {
        try {
            while (running) {
                try {
                    runSession();
                } catch (ProducerFencedException e) {
                    failure = e;
                    LOG.error("{} was fenced: another instance uses the same instance id; stopping", name);
                    return;
                } catch (WakeupException | InterruptException e) {
                    if (running) {
                        failure = e;
                    }
                    return;
                } catch (Exception e) {
                    if (!running) {
                        return;
                    }
                    LOG.warn(
                            "{} session failed, starting a new one from the committed offsets in {}: {}",
                            name,
                            retryPause,
                            e.toString());
                    if (stopRequested.await(retryPause.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } finally {
                    consumer = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            stopped.countDown();
        }
    }
}
