package dev.sluice.answers.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aLoneItemGoesAtOnceAndItemsArrivingMeanwhileGoTogetherInTheNextBatch() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        MicroBatcher<Integer, String> batcher = new MicroBatcher<>("test", 100, executor, items -> {
            batches.add(List.copyOf(items));
            if (batches.size() == 1) {
                firstStarted.countDown();
                releaseFirst.await(10, TimeUnit.SECONDS);
            }
            return items.stream().map(i -> "r" + i).toList();
        });
        CompletableFuture<String> first = batcher.submit(0);
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<String>> waiting =
                IntStream.rangeClosed(1, 5).mapToObj(batcher::submit).toList();
        releaseFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("r0");
        for (int i = 0; i < waiting.size(); i++) {
            assertThat(waiting.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("r" + (i + 1));
        }
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5));
    }

    @Test
    void aBatchIsNeverLargerThanMaxItems() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("test", 2, executor, items -> {
            batches.add(List.copyOf(items));
            if (batches.size() == 1) {
                firstStarted.countDown();
                releaseFirst.await(10, TimeUnit.SECONDS);
            }
            return items;
        });
        CompletableFuture<Integer> first = batcher.submit(0);
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> rest =
                IntStream.rangeClosed(1, 5).mapToObj(batcher::submit).toList();
        releaseFirst.countDown();
        CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(first.get()).isZero();
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2), List.of(3, 4), List.of(5));
    }

    @Test
    void aFailedBatchFailsEachOfItsItemsAndTheNextBatchStillRuns() throws Exception {
        MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("test", 10, executor, items -> {
            if (items.contains(13)) {
                throw new SQLException("database down");
            }
            return items;
        });
        CompletableFuture<Integer> unlucky = batcher.submit(13);
        assertThatThrownBy(() -> unlucky.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(SQLException.class)
                .hasRootCauseMessage("database down");
        assertThat(batcher.submit(7).get(10, TimeUnit.SECONDS)).isEqualTo(7);
    }

    @Test
    void aFunctionThatLosesResultsFailsTheBatchInsteadOfLeavingItemsWaiting() {
        MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("test", 10, executor, items -> List.of());
        assertThatThrownBy(() -> batcher.submit(1).get(10, TimeUnit.SECONDS))
                .hasRootCauseMessage("test: 0 results for 1 items");
    }
}
