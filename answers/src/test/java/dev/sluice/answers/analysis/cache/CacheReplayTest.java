package dev.sluice.answers.analysis.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.gateway.cache.CachePolicy;
import dev.sluice.answers.gateway.cache.CacheSettings;
import dev.sluice.answers.loadgen.Popularity;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The replay's hit accounting against sequences small enough to work out by hand. */
class CacheReplayTest {
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;

    private static RequestSequence untimed(int... questions) {
        return new RequestSequence("hand", questions, new long[questions.length]);
    }

    private static CacheSettings two(CachePolicy policy) {
        return new CacheSettings(policy, 2, CacheReplay.NO_TTL);
    }

    // A A A B C B C A with room for two:
    // LRU: A miss, A hit, A hit, B miss, C miss (evicts A, least recent), B hit, C hit, A miss (evicts B) -> 4 hits
    // LFU: ... C miss evicts B (0 uses, A has 2), B miss evicts C (0 uses), C miss evicts B, A hit       -> 3 hits
    // FIFO: as LRU here: C evicts A (first in), B hit, C hit, A miss evicts B                            -> 4 hits
    private static final RequestSequence AAABCBCA = untimed(A, A, A, B, C, B, C, A);

    @Test
    void lruShouldEvictTheLeastRecentlyUsed() {
        CacheReplay.Result r = CacheReplay.replay(AAABCBCA, two(CachePolicy.LRU));
        assertThat(r.hits()).isEqualTo(4);
        assertThat(r.hitAt().stream().toArray()).containsExactly(1, 2, 5, 6);
        assertThat(r.evictions()).isEqualTo(2);
        assertThat(r.databaseLookups()).isEqualTo(4);
    }

    @Test
    void lfuShouldKeepTheOftenAskedQuestionThroughTheChurn() {
        CacheReplay.Result r = CacheReplay.replay(AAABCBCA, two(CachePolicy.LFU));
        assertThat(r.hitAt().stream().toArray()).containsExactly(1, 2, 7);
        assertThat(r.evictions()).isEqualTo(3);
    }

    @Test
    void fifoShouldEvictTheFirstInsertedEvenIfItIsTheMostUsed() {
        // A B A C A B: FIFO evicts A at C although A was just asked; LRU would keep it
        RequestSequence s = untimed(A, B, A, C, A, B);
        assertThat(CacheReplay.replay(s, two(CachePolicy.FIFO)).hitAt().stream().toArray())
                .containsExactly(2);
        assertThat(CacheReplay.replay(s, two(CachePolicy.LRU)).hitAt().stream().toArray())
                .containsExactly(2, 4);
    }

    @Test
    void ttlShouldExpireTenSecondsAfterTheWriteNotTheLastHit() {
        // A at 0 s (miss, written), 5 s (hit), 15 s (expired at 10 s: miss, written again), 20 s (hit)
        RequestSequence s = new RequestSequence("ttl", new int[] {A, A, A, A}, new long[] {0, 5_000, 15_000, 20_000});
        CacheReplay.Result r = CacheReplay.replay(s, new CacheSettings(CachePolicy.LRU, 10, Duration.ofSeconds(10)));
        assertThat(r.hitAt().stream().toArray()).containsExactly(1, 3);
        assertThat(r.expirations()).isEqualTo(1);
        assertThat(r.evictions()).isZero();
    }

    @Test
    void noCacheShouldSendEveryRequestToTheDatabase() {
        CacheReplay.Result r = CacheReplay.withoutCache(AAABCBCA);
        assertThat(r.hitRate()).isZero();
        assertThat(r.databaseLookups()).isEqualTo(8);
    }

    @Test
    void timingShouldNotChangeAnyPolicyWithoutTtlButShouldWithOne() {
        Random random = new Random(3);
        RequestSequence poisson = RequestSequence.poisson("p", Popularity.zipf(500, 1.0), 20_000, 20, random);
        RequestSequence bursty = BurstyTraffic.standard(20)
                .generate("b", Popularity.uniform(500), 500, 20_000, new Random(4))
                .requests();
        RequestSequence retimed = poisson.withTimingOf(bursty, "p with bursty timing");
        for (CachePolicy policy : CachePolicy.values()) {
            CacheSettings noTtl = new CacheSettings(policy, 50, CacheReplay.NO_TTL);
            assertThat(CacheReplay.replay(retimed, noTtl).hitAt())
                    .as(policy.name())
                    .isEqualTo(CacheReplay.replay(poisson, noTtl).hitAt());
        }
        CacheSettings ttl = new CacheSettings(CachePolicy.LRU, 50, Duration.ofSeconds(30));
        assertThat(CacheReplay.replay(retimed, ttl).hits())
                .isNotEqualTo(CacheReplay.replay(poisson, ttl).hits());
    }
}
