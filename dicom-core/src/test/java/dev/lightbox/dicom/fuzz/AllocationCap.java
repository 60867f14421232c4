package dev.lightbox.dicom.fuzz;

import java.lang.management.ManagementFactory;

/**
 * A per-input allocation cap for fuzz targets: the bytes one input made the current thread
 * allocate, checked after the run. A decompression bomb that stays under the heap (-Xmx256m in
 * reliability/fuzz-all.sh) is still a finding when one small input took more than the cap.
 */
final class AllocationCap {
  private static final com.sun.management.ThreadMXBean BEAN =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final long capBytes;
  private final long start;

  private AllocationCap(long capBytes) {
    this.capBytes = capBytes;
    this.start = BEAN.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  static AllocationCap start(long capBytes) {
    return new AllocationCap(capBytes);
  }

  /** Fails the input when it allocated more than the cap. */
  void check(int inputLength) {
    long used = BEAN.getThreadAllocatedBytes(Thread.currentThread().getId()) - start;
    if (used > capBytes) {
      throw new AssertionError("input of " + inputLength + " bytes allocated " + used
          + " bytes, above the per-input cap of " + capBytes);
    }
  }
}
