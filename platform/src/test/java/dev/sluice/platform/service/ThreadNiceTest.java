package dev.sluice.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadNiceTest {
    @Test
    void shouldLowerOnlyTheCallingThread() throws Exception {
        assumeThat(ThreadNice.current()).as("Linux /proc/thread-self").isPresent();
        int mine = ThreadNice.current().getAsInt();
        AtomicReference<OptionalInt> inside = new AtomicReference<>();
        AtomicReference<Boolean> lowered = new AtomicReference<>();
        Thread t = new Thread(() -> {
            lowered.set(ThreadNice.lower(3));
            inside.set(ThreadNice.current());
        });
        t.start();
        t.join();

        assertThat(lowered.get()).isTrue();
        assertThat(inside.get()).hasValue(Math.min(19, mine + 3));
        assertThat(ThreadNice.current()).as("the caller's own thread").hasValue(mine);
    }

    @Test
    void shouldRefuseAValueOutsideNicesRange() {
        assertThatThrownBy(() -> ThreadNice.lower(20)).hasMessageContaining("0 (unchanged) to 19");
        assertThat(ThreadNice.lower(0)).isTrue();
    }
}
