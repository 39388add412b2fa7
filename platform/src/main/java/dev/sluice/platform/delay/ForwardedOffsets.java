package dev.sluice.platform.delay;

import java.util.Base64;
import java.util.BitSet;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Encodes which offsets above a partition's committed offset were already forwarded, into the
 * offset commit's metadata string. The commit and the forwarded records are one Kafka
 * transaction, so after a crash or a rebalance the next owner reads this set back and skips those
 * records: out-of-order forwarding stays exactly-once.
 *
 * <p>Format: {@code "f1:" + base64(bitmap)}, bit i set when offset {@code committed + i} was
 * forwarded. Brokers cap metadata at {@code offset.metadata.max.bytes} (4096 by default); a
 * window of 20,000 offsets needs at most 3,340 characters.
 */
public final class ForwardedOffsets {
    static final String PREFIX = "f1:";
    /** The largest read-ahead window whose bitmap fits the broker's default metadata limit. */
    public static final int MAX_WINDOW = 20_000;

    private ForwardedOffsets() {}

    public static String encode(long committed, NavigableSet<Long> forwarded) {
        BitSet bits = new BitSet();
        for (long offset : forwarded.tailSet(committed, true)) {
            long i = offset - committed;
            if (i >= MAX_WINDOW) {
                throw new IllegalStateException(
                        "forwarded offset " + offset + " is beyond the read-ahead window above " + committed);
            }
            bits.set((int) i);
        }
        return bits.isEmpty() ? "" : PREFIX + Base64.getEncoder().encodeToString(bits.toByteArray());
    }

    /** The forwarded offsets recorded with a commit; empty for metadata of another format. */
    public static NavigableSet<Long> decode(long committed, String metadata) {
        NavigableSet<Long> offsets = new TreeSet<>();
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return offsets;
        }
        BitSet bits = BitSet.valueOf(Base64.getDecoder().decode(metadata.substring(PREFIX.length())));
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            offsets.add(committed + i);
        }
        return offsets;
    }
}
