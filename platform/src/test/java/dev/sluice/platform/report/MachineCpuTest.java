package dev.sluice.platform.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MachineCpuTest {
    @Test
    void busyShareIsEverythingButIdleAndIowaitOverTheInterval() {
        MachineCpu.Reading a = MachineCpu.parse("cpu  100 0 50 800 50 0 0 0 0 0");
        MachineCpu.Reading b = MachineCpu.parse("cpu  250 0 100 900 50 0 0 0 0 0");
        // 300 jiffies passed, 200 of them busy (150 user + 50 system)
        assertThat(b.busySince(a)).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        // 200 busy jiffies at USER_HZ 100: two CPU-seconds, whichever cores they ran on
        assertThat(b.busySecondsSince(a)).isEqualTo(2.0);
    }

    @Test
    void unknownReadingsGiveNaNAndOtherLinesAreRefused() {
        assertThat(MachineCpu.parse("cpu 1 0 1 1 0 0 0 0").busySince(new MachineCpu.Reading(-1, -1)))
                .isNaN();
        assertThat(MachineCpu.parse("cpu 1 0 1 1 0 0 0 0").busySecondsSince(new MachineCpu.Reading(-1, -1)))
                .isNaN();
        assertThatThrownBy(() -> MachineCpu.parse("cpu0 1 2 3 4")).hasMessageContaining("aggregate");
    }
}
