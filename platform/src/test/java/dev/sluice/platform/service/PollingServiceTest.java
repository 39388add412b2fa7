package dev.sluice.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.platform.service.ServiceHealth.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PollingServiceTest {
    private static final Backoff FAST =
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(1));

    private final Captured logs = new Captured();
    private final Logger logger = (Logger) LogManager.getLogger(PollingService.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<PollingService> started = new CopyOnWriteArrayList<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stopAll() {
        started.forEach(PollingService::stop);
        logger.removeAppender(logs);
        logs.stop();
    }

    private <S extends PollingService> S started(S service) {
        started.add(service);
        service.bindMetrics(registry);
        service.start();
        return service;
    }

    private static ConditionFactory soon() {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
    }

    private double restartsCounted(String name) {
        return registry.get("sluice.service.restarts")
                .tag("service", name)
                .functionCounter()
                .count();
    }

    private double stateGauge(String name) {
        return registry.get("sluice.service.state").tag("service", name).gauge().value();
    }

    @Test
    void shouldBeStoppedBeforeStartAndStartingUntilTheFirstSessionPolls() {
        ScriptedService s = new ScriptedService("held", FAST, true, 0);
        assertThat(s.health()).isEqualTo(new ServiceHealth("held", State.STOPPED, 0, null));
        assertThat(s.isRunning()).isFalse();

        started(s);
        assertThat(s.health().state()).isEqualTo(State.STARTING);
        assertThat(s.isRunning()).isTrue();
        assertThat(stateGauge("held")).isEqualTo(State.STARTING.code());

        s.letPoll();
        soon().until(() -> s.health().state() == State.RUNNING);
        assertThat(stateGauge("held")).isEqualTo(State.RUNNING.code());
        assertThat(s.health().restarts()).isZero();
    }

    @Test
    void shouldRestartAFailedSessionAndLogItAtWarn() {
        ScriptedService s = started(ScriptedService.polling("faulty", FAST));
        soon().until(() -> s.health().state() == State.RUNNING);

        s.injectFault(new IllegalStateException("broker connection lost"));

        soon().until(() -> s.health().state() == State.RESTARTING);
        ServiceHealth restarting = s.health();
        assertThat(restarting.restarts()).isEqualTo(1);
        assertThat(restarting.lastError()).isEqualTo("IllegalStateException: broker connection lost");
        assertThat(restartsCounted("faulty")).isEqualTo(1.0);
        assertThat(stateGauge("faulty")).isEqualTo(State.RESTARTING.code());

        soon().until(() -> s.health().state() == State.RUNNING);
        assertThat(s.sessions()).isEqualTo(2);
        assertThat(s.health().restarts()).as("kept after recovery").isEqualTo(1);
        assertThat(s.health().lastError()).as("kept after recovery").contains("broker connection lost");
        assertThat(s.isRunning()).isTrue();
        assertThat(s.failure()).isNull();

        assertThat(logs.at(Level.WARN))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("faulty session failed")
                        .contains("in 200 ms")
                        .contains("IllegalStateException: broker connection lost"));
    }

    @Test
    void shouldRestartASessionThatFailsBeforeItPolls() {
        ScriptedService s = started(new ScriptedService("unbuilt", FAST, false, 2));

        soon().until(() -> s.health().state() == State.RUNNING);

        assertThat(s.sessions()).isEqualTo(3);
        assertThat(s.health().restarts()).isEqualTo(2);
        assertThat(s.health().lastError()).contains("session 2 could not build its clients");
        assertThat(restartsCounted("unbuilt")).isEqualTo(2.0);
    }

    @Test
    void shouldDoubleTheBackoffWhileSessionsKeepFailingAndStartAgainAfterAHealthyOne() {
        // healthy at once: a session that polled at all resets the count; the first three never poll
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ZERO);
        ScriptedService s = started(new ScriptedService("backoff", backoff, false, 4));
        soon().until(() -> s.health().state() == State.RUNNING);
        assertThat(logs.waits()).containsExactly(50L, 100L, 200L, 200L);

        s.injectFault(new IllegalStateException("after a healthy session"));
        soon().until(() -> s.health().restarts() == 5);
        // the restart is counted just before its WARN line is written, on the service's thread
        soon().until(() -> logs.waits().size() == 5);
        assertThat(logs.waits()).containsExactly(50L, 100L, 200L, 200L, 50L);
        assertThat(restartsCounted("backoff")).isEqualTo(5.0);
    }

    @Test
    void shouldKeepDoublingWhenSessionsFailBeforeTheyHaveRunHealthily() {
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(1000), Duration.ofHours(1));
        ScriptedService s = started(ScriptedService.polling("short-lived", backoff));
        for (int i = 1; i <= 3; i++) {
            soon().until(() -> s.health().state() == State.RUNNING);
            s.injectFault(new IllegalStateException("fault " + i));
            int restarts = i;
            soon().until(() -> s.health().restarts() == restarts);
            // the restart is counted just before its WARN line is written, on the service's thread
            soon().until(() -> logs.waits().size() == restarts);
        }
        assertThat(logs.waits()).containsExactly(50L, 100L, 200L);
    }

    @Test
    void shouldFailForGoodWhenFencedAndTellTheListener() {
        AtomicReference<ServiceHealth> told = new AtomicReference<>();
        ScriptedService s = ScriptedService.polling("fenced", FAST);
        s.onFailure(told::set);
        started(s);
        soon().until(() -> s.health().state() == State.RUNNING);

        s.injectFault(new ProducerFencedException("There is a newer producer with the same transactionalId"));

        soon().until(() -> told.get() != null);
        assertThat(told.get().state()).isEqualTo(State.FAILED);
        assertThat(told.get().lastError()).contains("ProducerFencedException");
        assertThat(s.health().state()).isEqualTo(State.FAILED);
        assertThat(s.health().restarts()).isZero();
        assertThat(s.failure()).isInstanceOf(ProducerFencedException.class);
        assertThat(s.isRunning()).isFalse();
        soon().until(() -> !threadAlive("fenced"));
        assertThat(s.sessions()).as("no new session after fencing").isEqualTo(1);
        assertThat(stateGauge("fenced")).isEqualTo(State.FAILED.code());
        assertThat(logs.at(Level.ERROR))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("fenced FAILED and will not restart")
                        .contains("same instance id"));

        s.stop();
        assertThat(s.health().state()).as("stop keeps the failure visible").isEqualTo(State.FAILED);
    }

    @Test
    void shouldNotMakeStopWaitForAFailureListenerThatExitsTheProcess() throws Exception {
        // as System.exit does: the listener blocks while a shutdown hook stops the services
        CountDownLatch exiting = new CountDownLatch(1);
        CountDownLatch hooksDone = new CountDownLatch(1);
        ScriptedService s = ScriptedService.polling("exiting", FAST);
        s.onFailure(health -> {
            exiting.countDown();
            try {
                hooksDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started(s);
        soon().until(() -> s.health().state() == State.RUNNING);
        s.injectFault(new ProducerFencedException("fenced"));
        assertThat(exiting.await(10, TimeUnit.SECONDS)).isTrue();

        long before = System.nanoTime();
        s.stop(); // the shutdown hook
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(s.health().state()).isEqualTo(State.FAILED);
        hooksDone.countDown();
    }

    @Test
    void shouldFailForGoodOnAWrappedAuthorizationError() {
        ScriptedService s = started(ScriptedService.polling("unauthorised", FAST));
        soon().until(() -> s.health().state() == State.RUNNING);

        s.injectFault(new KafkaException(
                "Failed to construct kafka consumer", new TopicAuthorizationException("not allowed on orders")));

        soon().until(() -> s.health().state() == State.FAILED);
        // FAILED is visible before the ERROR line is written; the service thread ends after it
        soon().until(() -> !threadAlive("unauthorised"));
        assertThat(s.health().lastError()).contains("TopicAuthorizationException: not allowed on orders");
        assertThat(logs.at(Level.ERROR)).singleElement().asString().contains("Grant the principal access");
    }

    @Test
    void shouldStopCleanlyWhileRunningAndDuringABackoff() {
        ScriptedService running = started(ScriptedService.polling("stopped", FAST));
        soon().until(() -> running.health().state() == State.RUNNING);
        running.stop();
        assertThat(running.health()).isEqualTo(new ServiceHealth("stopped", State.STOPPED, 0, null));
        assertThat(running.isRunning()).isFalse();
        assertThat(threadAlive("stopped")).isFalse();
        assertThat(stateGauge("stopped")).isEqualTo(State.STOPPED.code());

        ScriptedService waiting = started(ScriptedService.polling(
                "stopped-in-backoff", new Backoff(Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO)));
        soon().until(() -> waiting.health().state() == State.RUNNING);
        waiting.injectFault(new IllegalStateException("gone"));
        soon().until(() -> waiting.health().state() == State.RESTARTING);
        long before = System.nanoTime();
        waiting.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(waiting.health().state()).isEqualTo(State.STOPPED);
        assertThat(logs.at(Level.ERROR)).isEmpty();
    }

    @Test
    void shouldRefuseASecondStart() {
        ScriptedService s = started(ScriptedService.polling("once", FAST));
        org.assertj.core.api.Assertions.assertThatThrownBy(s::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("build a new instance");
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    /** Log lines of PollingService, formatted, with the exception's class and message. */
    private static final class Captured extends AbstractAppender {
        private final List<LogEvent> events = new CopyOnWriteArrayList<>();

        Captured() {
            super("captured", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            events.add(event.toImmutable());
        }

        /** The backoffs the WARN lines announce, in order. */
        List<Long> waits() {
            return at(Level.WARN).stream()
                    .map(line -> Long.parseLong(line.replaceAll(".* in (\\d+) ms:.*", "$1")))
                    .toList();
        }

        List<String> at(Level level) {
            return events.stream()
                    .filter(e -> e.getLevel() == level)
                    .map(e -> e.getMessage().getFormattedMessage())
                    .toList();
        }
    }
}
