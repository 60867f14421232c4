package dev.lightbox.dicom.testing;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread allocates while running an action, from the JVM's per-thread
 * allocation counter (exact for the thread, independent of GC timing): lets a test prove that a
 * decoder refused a bomb before allocating, rather than hoping the heap is small.
 */
public final class Allocation {
  private Allocation() {}

  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /** Runs {@code action} (its exception is swallowed: callers assert on it separately). */
  public static long bytesAllocatedBy(Action action) {
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = bean.getThreadAllocatedBytes(id);
    try {
      action.run();
    } catch (Exception expected) {
      // the caller asserts the outcome with its own call
    }
    return bean.getThreadAllocatedBytes(id) - before;
  }
}
