package dev.lightbox.service.ingest;

import dev.lightbox.service.ServiceException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A batch ingest in two overlapping stages: the caller's thread receives part after part (a
 * transport's body can only be read in order, by one thread), while earlier parts are finished on
 * {@code workers} (made durable with fsync, parsed, committed to the index). A durable ingest
 * spends most of its time waiting for the disk, so receiving the next part meanwhile hides that
 * wait; the stores still group-commit together.
 *
 * <p>At most {@code partsInFlight} parts are received and not yet finished at any time, the one
 * being received included: each holds one spool file on disk and nothing in memory, so a request
 * of any size holds a bounded amount of both. Items come back in request order whatever order
 * the workers finish in. A batch-ending failure (from either stage) waits for the parts already
 * handed to workers, so that none is still being stored after the caller answered, and is then
 * thrown.
 *
 * @param <R> a received part as the finish stage needs it (its spool file, or its failure)
 */
final class OverlappedBatch<R> {
  /** Reads one part to its end on the caller's thread. */
  @FunctionalInterface
  interface Receive<R> {
    R receive(PartSource.Part part) throws ServiceException;
  }

  /** Finishes one received part on a worker: its item, or a batch-ending failure. */
  @FunctionalInterface
  interface Finish<R> {
    BatchOutcome.Item finish(R received) throws ServiceException;
  }

  /** Reads the next part of the batch (a framing error is a batch-ending ServiceException). */
  @FunctionalInterface
  interface Next {
    Optional<PartSource.Part> next() throws ServiceException;
  }

  private final ExecutorService workers;
  private final int partsInFlight;

  OverlappedBatch(ExecutorService workers, int partsInFlight) {
    if (partsInFlight < 1) {
      throw new IllegalArgumentException("partsInFlight must be at least 1, got " + partsInFlight);
    }
    this.workers = workers;
    this.partsInFlight = partsInFlight;
  }

  BatchOutcome run(Next parts, int maxParts, Receive<R> receive, Finish<R> finish)
      throws ServiceException {
    List<BatchOutcome.Item> items = new ArrayList<>();
    Deque<Future<BatchOutcome.Item>> finishing = new ArrayDeque<>();
    int count = 0;
    try {
      for (Optional<PartSource.Part> next; (next = parts.next()).isPresent(); ) {
        if (count == maxParts) {
          throw ServiceException.invalidRequest("at most " + maxParts + " files per request");
        }
        count++;
        // Room for the part about to be received: the others in flight are being finished.
        while (finishing.size() > partsInFlight - 1) {
          items.add(await(finishing.removeFirst()));
        }
        R received = receive.receive(next.get());
        finishing.addLast(workers.submit(() -> finish.finish(received)));
      }
      while (!finishing.isEmpty()) {
        items.add(await(finishing.removeFirst()));
      }
      return new BatchOutcome(items);
    } finally {
      // Only non-empty after a failure: let the stores already started end before answering.
      for (Future<BatchOutcome.Item> f : finishing) {
        try {
          await(f);
        } catch (ServiceException | RuntimeException ignored) {
          // the first failure is the one the batch reports
        }
      }
    }
  }

  /** The item of a finished part; waiting is not interruptible (its store is under way). */
  private static BatchOutcome.Item await(Future<BatchOutcome.Item> future)
      throws ServiceException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof ServiceException s) {
            throw s;
          }
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
