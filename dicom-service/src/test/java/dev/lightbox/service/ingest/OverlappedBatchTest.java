package dev.lightbox.service.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The two-stage batch: order, per-item and batch-ending failures, and the in-flight bound. */
class OverlappedBatchTest {
  private final ExecutorService workers = Executors.newCachedThreadPool();
  /** Parts received and not yet finished, and the most seen at once. */
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();

  @AfterEach
  void stopWorkers() {
    workers.shutdownNow();
  }

  private static OverlappedBatch.Next parts(int n) {
    Iterator<Integer> it = java.util.stream.IntStream.rangeClosed(1, n).iterator();
    return () -> it.hasNext() ? Optional.of(new PartSource.Part("part" + it.next(),
        new ByteArrayInputStream(new byte[0]))) : Optional.empty();
  }

  private String receive(PartSource.Part part) {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    return part.name();
  }

  /** Later parts finish sooner, so finishing order is the reverse of request order. */
  private BatchOutcome.Item finishSlowFirst(String name) throws ServiceException {
    try {
      int n = Integer.parseInt(name.substring(4));
      Thread.sleep(Math.max(1, 40 - 3 * n));
      return item(name, name.equals("part5") ? Failure.CONFLICT : Failure.NOT_DICOM);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    } finally {
      inFlight.decrementAndGet();
      finished.incrementAndGet();
    }
  }

  private static BatchOutcome.Item item(String name, Failure failure) {
    return new BatchOutcome.Item(name, Optional.empty(),
        Optional.of(new ServiceException(failure, name)), SopReference.UNKNOWN);
  }

  @Test
  void itemsComeBackInRequestOrderWhateverOrderTheyFinishIn() throws ServiceException {
    BatchOutcome batch = new OverlappedBatch<String>(workers, 3).run(parts(12), 100,
        this::receive, this::finishSlowFirst);
    List<String> names = new ArrayList<>();
    batch.items().forEach(i -> names.add(i.name()));
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      expected.add("part" + i);
    }
    assertEquals(expected, names);
    // the item-scoped failure of the fifth part stays with the fifth part
    assertEquals(Failure.CONFLICT, batch.items().get(4).failure().orElseThrow().failure());
    assertEquals(Failure.NOT_DICOM, batch.items().get(5).failure().orElseThrow().failure());
  }

  @Test
  void atMostPartsInFlightAreReceivedAndNotFinishedAndTheLimitIsReached() throws Exception {
    new OverlappedBatch<String>(workers, 3).run(parts(20), 100, this::receive,
        this::finishSlowFirst);
    assertEquals(3, maxInFlight.get());
    maxInFlight.set(0);
    new OverlappedBatch<String>(workers, 1).run(parts(5), 100, this::receive,
        this::finishSlowFirst);
    assertEquals(1, maxInFlight.get(), "1 part in flight is one part after the other");
  }

  @Test
  void aBatchEndingFailureInTheMiddleWaitsForTheStartedPartsAndIsThrown() {
    ServiceException down = new ServiceException(Failure.STORAGE_UNAVAILABLE, "index down");
    AtomicInteger started = new AtomicInteger();
    ServiceException thrown = assertThrows(ServiceException.class, () ->
        new OverlappedBatch<String>(workers, 3).run(parts(20), 100, part -> {
          started.incrementAndGet();
          return receive(part);
        }, name -> {
          if (name.equals("part4")) {
            inFlight.decrementAndGet();
            finished.incrementAndGet();
            throw down;
          }
          return finishSlowFirst(name);
        }));
    assertSame(down, thrown);
    // every part handed to a worker was finished before run returned; none after the failure's
    // discovery was received (part 4's failure is seen before more than 3 further parts start)
    assertEquals(started.get(), finished.get());
    assertTrue(started.get() <= 4 + 2, "parts received: " + started.get());
  }

  @Test
  void aFailureOfTheReceiveStageEndsTheBatchAfterTheStartedParts() {
    ServiceException tooLarge = ServiceException.uploadTooLarge(10);
    AtomicInteger started = new AtomicInteger();
    assertThrows(ServiceException.class, () ->
        new OverlappedBatch<String>(workers, 3).run(parts(20), 100, part -> {
          if (part.name().equals("part3")) {
            throw tooLarge;
          }
          started.incrementAndGet();
          return receive(part);
        }, this::finishSlowFirst));
    assertEquals(2, started.get());
    assertEquals(2, finished.get());
  }

  @Test
  void morePartsThanTheLimitEndTheBatch() {
    ServiceException e = assertThrows(ServiceException.class, () ->
        new OverlappedBatch<String>(workers, 3).run(parts(6), 5, this::receive,
            this::finishSlowFirst));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertEquals(5, finished.get());
  }
}
