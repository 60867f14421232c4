package dev.lightbox.storage.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Leader/follower batching: who runs what, and when a submitter may return. */
class GroupCommitTest {

  @Test
  void itemsArrivingDuringABatchShareTheNextOneAndNobodyReturnsBeforeItsBatchRan()
      throws Exception {
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch firstBatchRunning = new CountDownLatch(1);
    CountDownLatch othersQueued = new CountDownLatch(1);
    List<Integer> done = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer>[] holder = new GroupCommit[1];
    holder[0] = new GroupCommit<>(batch -> {
      if (batches.isEmpty()) {
        firstBatchRunning.countDown();
        await(othersQueued);
      }
      batches.add(List.copyOf(batch));
      done.addAll(batch);
    }, 64);
    GroupCommit<Integer> group = holder[0];
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> submitted = new ArrayList<>();
      submitted.add(pool.submit(() -> {
        group.submit(0);
        assertTrue(done.contains(0));
      }));
      assertTrue(firstBatchRunning.await(10, TimeUnit.SECONDS));
      for (int i = 1; i < 8; i++) {
        int item = i;
        submitted.add(pool.submit(() -> {
          group.submit(item);
          assertTrue(done.contains(item), "returned before its batch ran: " + item);
        }));
      }
      while (group.waiting() < 7) {
        Thread.sleep(5);
      }
      othersQueued.countDown();
      for (Future<?> f : submitted) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, batches.size(), batches.toString());
    assertEquals(List.of(0), batches.get(0));
    assertEquals(7, batches.get(1).size());
    assertEquals(2, group.batches());
  }

  @Test
  void aBatchHoldsAtMostMaxBatchItemsAndLaterOnesRunNext() throws Exception {
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch release = new CountDownLatch(1);
    GroupCommit<Integer> group = new GroupCommit<>(batch -> {
      if (sizes.isEmpty()) {
        await(release);
      }
      sizes.add(batch.size());
    }, 3);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> submitted = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int item = i;
        submitted.add(pool.submit(() -> group.submit(item)));
        if (i == 0) {
          while (group.batches() == 0) {
            Thread.sleep(5);
          }
        }
      }
      while (group.waiting() < 7) {
        Thread.sleep(5);
      }
      release.countDown();
      for (Future<?> f : submitted) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(1, 3, 3, 1), sizes);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
