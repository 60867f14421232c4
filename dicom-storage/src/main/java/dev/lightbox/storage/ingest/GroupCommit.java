package dev.lightbox.storage.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Leader/follower batching, as databases do group commit: a thread that submits work while no
 * batch is running becomes the leader and runs everything queued so far as one batch; threads that
 * submit meanwhile wait, and the first of them to wake leads the next batch with everything that
 * queued up during the previous one. Each submitter returns only after the batch holding its item
 * has run, so a caller acknowledged after {@link #submit} is acknowledged after its batch is
 * durable. Under no concurrency a batch is one item and costs what it did alone.
 *
 * @param <T> one item; the batch work records each item's outcome in it
 */
final class GroupCommit<T> {
  private final Consumer<List<T>> batchWork;
  private final int maxBatch;
  private final Object lock = new Object();
  private List<T> queue = new ArrayList<>();
  private long queued;
  private long completed;
  private boolean leading;
  private long batches;

  /**
   * @param batchWork runs one batch; must not throw (it records failures in the items)
   * @param maxBatch most items per batch, so that one batch's transaction stays short
   */
  GroupCommit(Consumer<List<T>> batchWork, int maxBatch) {
    this.batchWork = batchWork;
    this.maxBatch = maxBatch;
  }

  /** Batches run so far (tests, metrics). */
  long batches() {
    synchronized (lock) {
      return batches;
    }
  }

  /** Items submitted and not yet taken into a batch. */
  int waiting() {
    synchronized (lock) {
      return queue.size();
    }
  }

  /**
   * Returns once {@code item}'s batch has run. Waiting is not interruptible: a queued item is run
   * by some leader anyway, and its submitter must not delete its inputs before that.
   */
  void submit(T item) {
    submitAndWait(item);
  }

  private void submitAndWait(T item) {
    boolean interrupted = false;
    long ticket;
    synchronized (lock) {
      queue.add(item);
      ticket = ++queued;
    }
    while (true) {
      List<T> batch;
      long last;
      synchronized (lock) {
        while (leading && completed < ticket) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (completed >= ticket) {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
          return;
        }
        leading = true;
        batches++;
        int n = Math.min(maxBatch, queue.size());
        batch = new ArrayList<>(queue.subList(0, n));
        queue = new ArrayList<>(queue.subList(n, queue.size()));
        last = completed + n;
      }
      try {
        batchWork.accept(batch);
      } finally {
        synchronized (lock) {
          completed = last;
          leading = false;
          lock.notifyAll();
        }
      }
    }
  }
}
