package dev.lightbox.dicom.codec;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Independent tasks of one image (code-blocks, PNG chunks) shared between the calling thread and
 * at most one helper of the common pool. Tasks are taken in index order from one counter, so when
 * the pool is busy (a server rendering several images at once) the caller simply runs them all and
 * the late helper finds nothing left: no waiting for a free thread, no slower than one thread.
 *
 * <p>Each worker owns one state object ({@code W}: decoder scratch, say); the caller's is passed
 * in, the helper's made by a supplier only when the helper runs. When tasks fail, the failure of
 * the lowest index is thrown (the one a single thread would have met first): once a task has
 * failed, only tasks before it still run.
 */
public final class SharedWork {

  private static final Executor HELPERS = ForkJoinPool.commonPool();

  private SharedWork() {}

  /** One task; may throw a checked exception of type {@code E} (a codec's typed error, say). */
  @FunctionalInterface
  public interface Task<W, E extends Exception> {
    void run(W worker, int index) throws E;
  }

  /**
   * Runs tasks {@code 0 .. count-1} and returns when all have run.
   *
   * @param parallel false to run every task on the calling thread (same results)
   * @param callerState the calling thread's worker state
   * @param helperState makes the helper's worker state (called on the helper thread)
   */
  public static <W, E extends Exception> void run(int count, boolean parallel, W callerState,
      Supplier<W> helperState, Task<W, E> task) throws E {
    if (!parallel || count < 2) {
      for (int i = 0; i < count; i++) {
        task.run(callerState, i);
      }
      return;
    }
    Shared<W, E> shared = new Shared<>(count, task);
    HELPERS.execute(() -> shared.work(helperState.get()));
    shared.work(callerState);
    shared.awaitAll();
    shared.rethrow();
  }

  private static final class Shared<W, E extends Exception> {
    private final int count;
    private final Task<W, E> task;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch done;
    private volatile int failedIndex = Integer.MAX_VALUE;
    private Throwable failure;

    Shared(int count, Task<W, E> task) {
      this.count = count;
      this.task = task;
      this.done = new CountDownLatch(count);
    }

    void work(W state) {
      for (int i; (i = next.getAndIncrement()) < count; ) {
        try {
          if (i < failedIndex) {
            task.run(state, i);
          }
        } catch (Throwable t) {
          fail(i, t);
        } finally {
          done.countDown();
        }
      }
    }

    private synchronized void fail(int index, Throwable t) {
      if (index < failedIndex) {
        failedIndex = index;
        failure = t;
      }
    }

    void awaitAll() {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          // The helper's tasks are short and bounded by the codec's own limits; finish them so
          // that no task still writes into the caller's arrays, and keep the interrupt.
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @SuppressWarnings("unchecked") // a task throws only unchecked exceptions and E
    synchronized void rethrow() throws E {
      Throwable t = failure;
      if (t == null) {
        return;
      }
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw (E) t;
    }
  }
}
