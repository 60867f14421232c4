package dev.lightbox.dicom.codec;

/**
 * A small, thread-safe pool of large scratch arrays (decoded frames, frame bytes, rendered pixels,
 * deflate output), so that a server rendering the same kinds of image again and again does not
 * allocate megabytes per request: a 1024² RGB render used to allocate about 15 MiB of short-lived
 * arrays, and four at once overran a small young generation into full collections (issue 13,
 * docs/performance.md).
 *
 * <p>Arrays are matched by exact length, so a caller always gets {@code length} elements; their
 * content is whatever the previous user left, so callers must write every element they read.
 * Giving an array back is optional (an array that is never returned is simply collected), but an
 * array must not be used after it was {@linkplain #release(byte[]) released}: the next taker
 * owns it. The pool holds at most {@link #SLOTS} arrays, {@link #MAX_BYTES} bytes and
 * {@link #MAX_PER_LENGTH} arrays of one kind and length; when a release needs room, the arrays
 * released longest ago are dropped. Arrays under {@link #MIN_BYTES} are not pooled: the
 * allocator's thread-local buffers make them as cheap as a lookup.
 */
public final class ScratchArrays {
  public static final int SLOTS = 8;
  public static final long MAX_BYTES = 12L << 20;
  public static final int MAX_PER_LENGTH = 2;
  public static final int MIN_BYTES = 64 << 10;

  /** The process-wide pool the decoders, the renderer and the PNG encoder share. */
  public static final ScratchArrays SHARED = new ScratchArrays();

  /** Slot contents: a byte[] or int[], or null; {@code age} orders them by release time. */
  private final Object[] slots = new Object[SLOTS];
  private final long[] age = new long[SLOTS];
  private long clock;
  private long heldBytes;

  /** An array of exactly {@code length} bytes, pooled when the pool has one; contents undefined. */
  public byte[] bytes(int length) {
    if (length >= MIN_BYTES) {
      Object a = take(byte[].class, length);
      if (a != null) {
        return (byte[]) a;
      }
    }
    return new byte[length];
  }

  /** An array of exactly {@code length} ints, pooled when the pool has one; contents undefined. */
  public int[] ints(int length) {
    if ((long) length * Integer.BYTES >= MIN_BYTES) {
      Object a = take(int[].class, length);
      if (a != null) {
        return (int[]) a;
      }
    }
    return new int[length];
  }

  /** Gives {@code array} back; the caller must not touch it afterwards. Null is ignored. */
  public void release(byte[] array) {
    if (array != null && array.length >= MIN_BYTES) {
      put(array, array.length);
    }
  }

  /** Gives {@code array} back; the caller must not touch it afterwards. Null is ignored. */
  public void release(int[] array) {
    if (array != null && (long) array.length * Integer.BYTES >= MIN_BYTES) {
      put(array, (long) array.length * Integer.BYTES);
    }
  }

  /** Bytes held by the pool now (for tests and metrics). */
  public synchronized long heldBytes() {
    return heldBytes;
  }

  /** Arrays held by the pool now (for tests and metrics). */
  public synchronized int heldArrays() {
    int n = 0;
    for (Object s : slots) {
      n += s == null ? 0 : 1;
    }
    return n;
  }

  private synchronized Object take(Class<?> kind, int length) {
    int best = -1;
    for (int i = 0; i < SLOTS; i++) {
      Object s = slots[i];
      // the most recently released match: the likeliest to be still in the CPU caches
      if (s != null && s.getClass() == kind && lengthOf(s) == length
          && (best < 0 || age[i] > age[best])) {
        best = i;
      }
    }
    if (best < 0) {
      return null;
    }
    Object a = slots[best];
    slots[best] = null;
    heldBytes -= sizeOf(a);
    return a;
  }

  private synchronized void put(Object array, long size) {
    if (size > MAX_BYTES) {
      return;
    }
    int sameLength = 0;
    for (Object s : slots) {
      if (s == array) {
        return; // released twice: keep one copy, or two takers would share it
      }
      if (s != null && s.getClass() == array.getClass() && lengthOf(s) == lengthOf(array)) {
        sameLength++;
      }
    }
    if (sameLength >= MAX_PER_LENGTH) {
      return;
    }
    int free = -1;
    while (true) {
      int oldest = -1;
      free = -1;
      for (int i = 0; i < SLOTS; i++) {
        if (slots[i] == null) {
          free = free < 0 ? i : free;
        } else if (oldest < 0 || age[i] < age[oldest]) {
          oldest = i;
        }
      }
      if (free >= 0 && heldBytes + size <= MAX_BYTES) {
        break;
      }
      heldBytes -= sizeOf(slots[oldest]);
      slots[oldest] = null;
    }
    slots[free] = array;
    age[free] = ++clock;
    heldBytes += size;
  }

  private static int lengthOf(Object a) {
    return a instanceof byte[] b ? b.length : ((int[]) a).length;
  }

  private static long sizeOf(Object a) {
    return a instanceof byte[] b ? b.length : (long) ((int[]) a).length * Integer.BYTES;
  }
}
