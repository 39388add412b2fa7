package dev.sluice.platform.delay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ForwardedOffsetsTest {
    @Test
    void shouldRoundTripTheForwardedOffsetsAboveTheCommitPoint() {
        TreeSet<Long> forwarded = new TreeSet<>(List.of(100L, 103L, 104L, 5099L, 90L));
        String metadata = ForwardedOffsets.encode(100, forwarded);

        assertThat(ForwardedOffsets.decode(100, metadata)).containsExactly(100L, 103L, 104L, 5099L);
        assertThat(metadata.length())
                .as("fits the broker's 4096-byte metadata limit")
                .isLessThan(4096);
    }

    @Test
    void shouldFitTheWholeMaximumWindowInTheBrokersMetadataLimit() {
        TreeSet<Long> all = new TreeSet<>();
        for (long o = 0; o < ForwardedOffsets.MAX_WINDOW; o++) {
            all.add(o);
        }
        assertThat(ForwardedOffsets.encode(0, all).length()).isLessThan(4096);
        assertThatThrownBy(() -> ForwardedOffsets.encode(0, new TreeSet<>(List.of((long) ForwardedOffsets.MAX_WINDOW))))
                .hasMessageContaining("window");
    }

    @Test
    void shouldReadMetadataOfAnotherFormatAsNothingForwarded() {
        assertThat(ForwardedOffsets.decode(7, "")).isEmpty();
        assertThat(ForwardedOffsets.decode(7, null)).isEmpty();
        assertThat(ForwardedOffsets.decode(7, "written by some other tool")).isEmpty();
    }

    @Test
    void shouldForwardByDueTimeAndCommitTheLowestWaitingOffset() {
        PartitionWindow w = new PartitionWindow(100, new TreeSet<>());
        w.accept(record(10, 5_000));
        w.accept(record(11, 1_000));
        w.accept(record(12, 3_000));

        assertThat(w.takeDue(3_000)).extracting(ConsumerRecord::offset).containsExactly(11L, 12L);
        OffsetAndMetadata commit = w.commitPoint(13);
        assertThat(commit.offset()).isEqualTo(10);
        assertThat(ForwardedOffsets.decode(10, commit.metadata())).containsExactly(11L, 12L);

        assertThat(w.takeDue(5_000)).extracting(ConsumerRecord::offset).containsExactly(10L);
        assertThat(w.commitPoint(13).offset())
                .as("nothing waits: commit the position")
                .isEqualTo(13);
    }

    @Test
    void shouldSkipRecordsForwardedBeforeARestart() {
        PartitionWindow w = new PartitionWindow(
                100, ForwardedOffsets.decode(10, ForwardedOffsets.encode(10, new TreeSet<>(List.of(11L, 12L)))));
        for (long o = 10; o <= 12; o++) {
            w.accept(record(o, 0));
        }
        assertThat(w.takeDue(1)).extracting(ConsumerRecord::offset).containsExactly(10L);
    }

    @Test
    void shouldRefuseRecordsBeyondTheWindow() {
        PartitionWindow w = new PartitionWindow(3, new TreeSet<>());
        assertThat(w.accept(record(0, 9_000))).isTrue();
        assertThat(w.accept(record(2, 9_000))).isTrue();
        assertThat(w.accept(record(3, 9_000))).isFalse();
        assertThat(w.hasRoom(3)).isFalse();
        w.takeDue(9_000);
        assertThat(w.hasRoom(3)).isTrue();
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, long due) {
        RecordHeaders h = new RecordHeaders();
        h.add(DelayHeaders.TARGET, "t".getBytes(StandardCharsets.UTF_8));
        h.add(DelayHeaders.DUE, Long.toString(due).getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(
                "tier",
                0,
                offset,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                null,
                new byte[0],
                h,
                java.util.Optional.empty());
    }
}
