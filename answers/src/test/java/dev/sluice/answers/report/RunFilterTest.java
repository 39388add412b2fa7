package dev.sluice.answers.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunFilterTest {
    @Test
    void byteOrderIsAPrimaryKeyRangeHoldingExactlyTheRunsIds() {
        RunCounts.RunFilter f = new RunCounts.RunFilter(true, "demo1a2b");
        assertThat(f.on("q.question_id")).isEqualTo("q.question_id >= ? AND q.question_id < ?");
        String[] r = f.range();
        // in code-point order '-' (0x2d) is followed by '.' (0x2e): [run-, run.) is every "run-..." id
        for (String id : new String[] {"demo1a2b-0", "demo1a2b-99999", "demo1a2b-~"}) {
            assertThat(id.compareTo(r[0])).isGreaterThanOrEqualTo(0);
            assertThat(id.compareTo(r[1])).isNegative();
        }
        for (String other : new String[] {"demo1a2b", "demo1a2b.0", "demo1a2c-0", "demo1a2b0-1", "demo1a2-1"}) {
            assertThat(other.compareTo(r[0]) >= 0 && other.compareTo(r[1]) < 0)
                    .as(other)
                    .isFalse();
        }
    }

    @Test
    void otherwiseALikeWithTheRunsWildcardsEscaped() {
        RunCounts.RunFilter f = new RunCounts.RunFilter(false, "a_b%c\\d");
        assertThat(f.on("question_id")).isEqualTo("question_id LIKE ?");
        assertThat(f.likePattern()).isEqualTo("a\\_b\\%c\\\\d-%");
    }
}
