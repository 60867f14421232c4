package dev.lightbox.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.storage.StorageException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Readiness probes: bounded in time, cached, one check per store at a time, stores named. */
class ReadinessTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private Readiness readiness(Readiness.Check index, Readiness.Check blobs, Duration timeout) {
    return new Readiness(Map.of(Store.INDEX, index, Store.BLOB_STORE, blobs), timeout,
        Duration.ofSeconds(1), now::get);
  }

  @Test
  void aFreshResultIsAnsweredAgainWithoutCheckingTheStores() {
    AtomicInteger checks = new AtomicInteger();
    try (Readiness r = readiness(checks::incrementAndGet, () -> {}, Duration.ofSeconds(5))) {
      assertTrue(r.current().ready());
      for (int i = 0; i < 100; i++) {
        assertTrue(r.current().ready());
      }
      assertEquals(1, checks.get(), "100 probes within a second cost one check");
      now.addAndGet(Duration.ofMillis(1001).toNanos());
      r.current();
      assertEquals(2, checks.get(), "a result older than a second is checked again");
    }
  }

  @Test
  void aFailingStoreIsNamedAndRecoveryIsSeenAtTheNextCheck() {
    AtomicBoolean blobsDown = new AtomicBoolean(true);
    try (Readiness r = readiness(() -> {}, () -> {
      if (blobsDown.get()) {
        throw new StorageException(StorageException.Store.BLOB_STORE,
            StorageException.Reason.UNAVAILABLE, "s3://secret-host/bucket: refused", null);
      }
    }, Duration.ofSeconds(5))) {
      Readiness.Report down = r.current();
      assertFalse(down.ready());
      assertEquals(1, down.down().size());
      ServiceException e = down.down().get(0);
      assertEquals(Failure.STORAGE_UNAVAILABLE, e.failure());
      assertEquals(Store.BLOB_STORE, e.store().orElseThrow());
      assertFalse(e.getMessage().contains("secret-host"), "no host in the answer: " + e);
      blobsDown.set(false);
      now.addAndGet(Duration.ofMillis(1001).toNanos());
      assertTrue(r.current().ready());
    }
  }

  @Test
  void aHungStoreIsReportedWithinTheTimeoutAndNotCheckedTwiceAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    Readiness.Check hangs = () -> {
      started.incrementAndGet();
      release.await(30, TimeUnit.SECONDS);
    };
    try (Readiness r = new Readiness(Map.of(Store.INDEX, hangs, Store.BLOB_STORE, () -> {}),
        Duration.ofMillis(200), Duration.ZERO)) {
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        Readiness.Report report = r.current();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 2000, "a probe took " + ms + " ms");
        assertFalse(report.ready());
        assertEquals(Store.INDEX, report.down().get(0).store().orElseThrow());
        assertTrue(report.down().get(0).getMessage().contains("did not answer within 200 ms"),
            report.down().get(0).getMessage());
      }
      assertEquals(1, started.get(), "probes wait for the hung check instead of starting more");
      release.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!r.current().ready() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(r.current().ready(), "ready once the store answers again");
    }
  }

  @Test
  void bothStoresDownAreBothNamed() {
    Readiness.Check fails = () -> {
      throw new IllegalStateException("down");
    };
    try (Readiness r = readiness(fails, fails, Duration.ofSeconds(5))) {
      assertEquals(java.util.Set.of(Store.INDEX, Store.BLOB_STORE), r.current().down().stream()
          .map(e -> e.store().orElseThrow()).collect(java.util.stream.Collectors.toSet()));
    }
  }
}
