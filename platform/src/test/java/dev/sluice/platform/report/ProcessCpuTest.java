package dev.sluice.platform.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {
    @Test
    void countsTheCpuThisJvmSpends() {
        long before = ProcessCpu.nanos();
        long spin = System.nanoTime() + 200_000_000L;
        double sink = 0;
        while (System.nanoTime() < spin) {
            sink += Math.sqrt(sink + 1);
        }
        long after = ProcessCpu.nanos();
        assertThat(sink).isPositive();
        assertThat(before).isPositive();
        // 200 ms of spinning on one thread: most of it is CPU time, whatever else the machine runs
        assertThat(after - before).isGreaterThan(50_000_000L);
    }
}
