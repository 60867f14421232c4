package dev.lightbox.service;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The one heap budget every request that needs memory in proportion to its input or output takes
 * a share of before it allocates: renders (the decoded frame and the output image, viewport
 * included) and metadata answers (the stored document being streamed). A share larger than the
 * whole budget can never be served and is refused ({@link Failure#LIMIT_EXCEEDED}, 422); shares
 * that fit wait for room up to {@code wait}, then get {@link Failure#BUSY} (503), so concurrent
 * large requests queue instead of running the heap out (docs/reliability.md, "Limits").
 *
 * <p>Accounting is in whole mebibytes so a semaphore of at most {@code budget / 1 MiB} permits
 * does the bookkeeping; every lease takes at least one.
 */
public final class MemoryBudget {
  private static final long MIB = 1 << 20;

  private final Semaphore mebibytes;
  private final long budgetBytes;
  private final Duration wait;

  public MemoryBudget(long budgetBytes, Duration wait) {
    if (budgetBytes < MIB) {
      throw new IllegalArgumentException("a memory budget needs at least 1 MiB, got "
          + budgetBytes);
    }
    this.budgetBytes = budgetBytes;
    this.mebibytes = new Semaphore((int) Math.min(Integer.MAX_VALUE, budgetBytes / MIB), true);
    this.wait = wait;
  }

  /**
   * The default: 60 % of the JVM's maximum heap, so the caches, Undertow's buffers and requests
   * that need no share (downloads, listings) keep the rest; waits up to 30 s.
   */
  public static MemoryBudget forThisJvm() {
    return new MemoryBudget(Runtime.getRuntime().maxMemory() / 10 * 6, Duration.ofSeconds(30));
  }

  public long budgetBytes() {
    return budgetBytes;
  }

  /** Bytes not currently leased (rounded to whole MiB), for tests and metrics. */
  public long availableBytes() {
    return mebibytes.availablePermits() * MIB;
  }

  /** True when {@code bytes} could ever be granted. */
  public boolean fits(long bytes) {
    return bytes <= budgetBytes;
  }

  /** A held share of the budget; {@link #close} returns it (once). */
  public interface Lease extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes {@code bytes} of the budget, waiting for room.
   *
   * @param purpose what the memory is for, in the words of the refusal ("rendering a frame of …")
   * @throws ServiceException LIMIT_EXCEEDED when {@code bytes} exceeds the whole budget, BUSY when
   *     no room was free within the wait
   */
  public Lease acquire(long bytes, String purpose) throws ServiceException {
    if (bytes > budgetBytes) {
      throw new ServiceException(Failure.LIMIT_EXCEEDED, purpose + " needs about "
          + ceilMib(bytes) + " MiB, more than this server's memory budget of "
          + budgetBytes / MIB + " MiB (a share of its heap, -Xmx)");
    }
    int permits = (int) Math.max(1, ceilMib(bytes));
    try {
      if (!mebibytes.tryAcquire(permits, wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ServiceException(Failure.BUSY, "the server is busy with other large requests; "
            + "retry shortly");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceException(Failure.BUSY, "interrupted while waiting for memory");
    }
    java.util.concurrent.atomic.AtomicBoolean released =
        new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        mebibytes.release(permits);
      }
    };
  }

  private static long ceilMib(long bytes) {
    return (bytes + MIB - 1) / MIB;
  }
}
