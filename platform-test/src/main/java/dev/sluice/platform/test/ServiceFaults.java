package dev.sluice.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.platform.service.PollingService;
import dev.sluice.platform.service.ServiceHealth;
import dev.sluice.platform.service.ServiceHealth.State;
import java.time.Duration;

/** Kills a running service's session with an injected fault and follows it through RESTARTING back to RUNNING. */
public final class ServiceFaults {
    private ServiceFaults() {}

    /**
     * Injects a fault into {@code service}'s session and waits until it is RESTARTING with that
     * fault as its last error and one more restart than before; returns that health.
     */
    public static ServiceHealth killSession(PollingService service) {
        ServiceHealth before = service.health();
        assertThat(before.state())
                .as("%s runs before the fault", service.name())
                .isEqualTo(State.RUNNING);
        String message = "injected: " + service.name() + " session killed";
        service.injectFault(new IllegalStateException(message));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> service.health().state() == State.RESTARTING);
        ServiceHealth restarting = service.health();
        assertThat(restarting.restarts()).isEqualTo(before.restarts() + 1);
        assertThat(restarting.lastError()).isEqualTo("IllegalStateException: " + message);
        return restarting;
    }

    /** Waits until a new session of {@code service} polls. */
    public static void awaitRunning(PollingService service) {
        await().atMost(Duration.ofSeconds(60)).until(() -> service.health().state() == State.RUNNING);
    }
}
