package dev.sluice.answers.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.platform.test.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));

    private AnswerCache<String, String> cache(CachePolicy policy, int size) {
        return new AnswerCache<>(new CacheSettings(policy, size, Duration.ofMinutes(1)), clock);
    }

    /** a, b, c inserted; a read twice, b once; then d arrives into a full cache of 3. */
    private static AnswerCache<String, String> afterSequence(AnswerCache<String, String> cache) {
        Stream.of("a", "b", "c").forEach(k -> cache.put(k, k.toUpperCase()));
        cache.get("a");
        cache.get("b");
        cache.get("a");
        cache.put("d", "D");
        return cache;
    }

    private static List<String> present(AnswerCache<String, String> cache, String... keys) {
        return Stream.of(keys).filter(k -> cache.get(k).isPresent()).toList();
    }

    @Test
    void lruShouldEvictTheLeastRecentlyUsed() {
        AnswerCache<String, String> cache = afterSequence(cache(CachePolicy.LRU, 3));
        assertThat(present(cache, "a", "b", "c", "d")).containsExactly("a", "b", "d");
    }

    @Test
    void lfuShouldEvictTheLeastFrequentlyUsedAndBreakTiesByRecency() {
        AnswerCache<String, String> cache = afterSequence(cache(CachePolicy.LFU, 3));
        // c was never read: it goes first
        assertThat(present(cache, "c")).isEmpty();
        // left: a (2 uses), b (1), d (0): the newcomer e replaces d
        cache.put("e", "E");
        assertThat(present(cache, "d")).isEmpty();
        assertThat(present(cache, "a", "b", "e")).containsExactly("a", "b", "e");
    }

    @Test
    void lfuTiesShouldGoToTheLeastRecentlyUsed() {
        AnswerCache<String, String> cache = cache(CachePolicy.LFU, 2);
        cache.put("x", "X");
        cache.put("y", "Y");
        cache.get("y");
        cache.get("x"); // both used once; y is the older use
        cache.put("z", "Z");
        assertThat(present(cache, "x", "y", "z")).containsExactly("x", "z");
    }

    @Test
    void fifoShouldEvictTheOldestInsertedWhateverItsUse() {
        AnswerCache<String, String> cache = afterSequence(cache(CachePolicy.FIFO, 3));
        assertThat(present(cache, "a", "b", "c", "d")).containsExactly("b", "c", "d");
    }

    @Test
    void shouldCountHitsMissesAndEvictions() {
        AnswerCache<String, String> cache = afterSequence(cache(CachePolicy.LRU, 3));
        cache.get("zz");
        CacheStats stats = cache.stats();
        assertThat(stats.hits()).isEqualTo(3);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.evictions()).isEqualTo(1);
        assertThat(stats.size()).isEqualTo(3);
        assertThat(stats.hitRatio()).isEqualTo(0.75);
    }

    @Test
    void shouldExpireEntriesAfterTheTtlWithoutWaiting() {
        AnswerCache<String, String> cache = cache(CachePolicy.LRU, 10);
        cache.put("a", "A");
        clock.advance(Duration.ofSeconds(30));
        cache.put("b", "B");
        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.get("a")).contains("A");
        clock.advance(Duration.ofSeconds(1)); // a is exactly 60 s old: expired; reads do not extend a TTL
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.get("b")).contains("B");
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.stats().expirations()).isEqualTo(2);
        assertThat(cache.stats().evictions()).isZero();
    }

    @Test
    void expiredEntriesShouldMakeRoomBeforeTheyCostALiveEntryItsPlace() {
        AnswerCache<String, String> cache = cache(CachePolicy.LFU, 2);
        cache.put("old", "O");
        cache.get("old");
        cache.get("old");
        clock.advance(Duration.ofSeconds(40));
        cache.put("new", "N");
        clock.advance(Duration.ofSeconds(20)); // old has expired, new has not
        cache.put("newer", "N2");
        assertThat(cache.stats().evictions()).isZero();
        assertThat(present(cache, "new", "newer")).containsExactly("new", "newer");
    }

    @Test
    void aReplacedValueShouldStartANewTtl() {
        AnswerCache<String, String> cache = cache(CachePolicy.FIFO, 2);
        cache.put("a", "A1");
        clock.advance(Duration.ofSeconds(50));
        cache.put("a", "A2");
        clock.advance(Duration.ofSeconds(50));
        assertThat(cache.get("a")).contains("A2");
        assertThat(cache.stats().size()).isEqualTo(1);
    }

    @Test
    void settingsShouldNameTheKeyToFix() {
        assertThatThrownBy(() -> new CacheSettings(CachePolicy.LRU, 0, Duration.ofMinutes(1)))
                .hasMessageContaining(CacheSettings.SIZE_KEY);
        assertThatThrownBy(() -> new CacheSettings(CachePolicy.LRU, 10, Duration.ZERO))
                .hasMessageContaining(CacheSettings.TTL_KEY);
        assertThatThrownBy(() -> new CacheSettings(null, 10, Duration.ofMinutes(1)))
                .hasMessageContaining(CacheSettings.POLICY_KEY);
    }

    @Test
    void settingsShouldComeFromConfigurationKeysWithDefaultsForMissingOnes() {
        CacheSettings s = CacheSettings.fromConfig(
                java.util.Map.of(CacheSettings.POLICY_KEY, "lfu", CacheSettings.TTL_KEY, "30s"));
        assertThat(s)
                .isEqualTo(
                        new CacheSettings(CachePolicy.LFU, CacheSettings.DEFAULTS.maxSize(), Duration.ofSeconds(30)));
        assertThat(CacheSettings.fromConfig(java.util.Map.of())).isEqualTo(CacheSettings.DEFAULTS);
        assertThatThrownBy(() -> CacheSettings.fromConfig(java.util.Map.of(CacheSettings.POLICY_KEY, "random")))
                .hasMessageContaining(CacheSettings.POLICY_KEY)
                .hasMessageContaining("lru");
        assertThatThrownBy(() -> CacheSettings.fromConfig(java.util.Map.of(CacheSettings.SIZE_KEY, "0")))
                .hasMessageContaining(CacheSettings.SIZE_KEY);
        assertThatThrownBy(() -> CacheSettings.fromConfig(java.util.Map.of(CacheSettings.TTL_KEY, "soon")))
                .hasMessageContaining(CacheSettings.TTL_KEY);
    }
}
