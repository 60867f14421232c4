package dev.lightbox.dicom.render;

import java.util.ArrayDeque;
import java.util.zip.Deflater;

/**
 * Raw-deflate {@link Deflater}s (RFC 1951, no zlib wrapper) kept for reuse. Creating one costs a
 * native {@code deflateInit2} with about 256 KiB of zlib state and a cleaner registration, and a
 * large PNG uses one per row chunk; a pooled one is {@linkplain Deflater#reset() reset} instead,
 * which clears zlib's hash chains ({@code deflateReset}), so its output is the same bytes as a new
 * one's. Deflaters the pool has no room for are {@linkplain Deflater#end() ended} at once, so their
 * native memory never waits for the garbage collector.
 */
final class DeflaterPool {
  /** Enough for four concurrent renders on two threads each; each holds ≈ 256 KiB native. */
  static final int MAX_IDLE = 8;

  private static final ArrayDeque<Deflater>[] IDLE = idleQueues();

  private DeflaterPool() {}

  @SuppressWarnings("unchecked")
  private static ArrayDeque<Deflater>[] idleQueues() {
    ArrayDeque<Deflater>[] q = new ArrayDeque[10];
    for (int i = 0; i < q.length; i++) {
      q[i] = new ArrayDeque<>();
    }
    return q;
  }

  /** A raw deflater at {@code level} (0..9), ready for new input. */
  static Deflater take(int level) {
    synchronized (IDLE) {
      Deflater d = IDLE[level].pollFirst();
      if (d != null) {
        return d;
      }
    }
    return new Deflater(level, true);
  }

  /** Returns {@code d}, taken at {@code level}, for reuse (or ends it when the pool is full). */
  static void give(Deflater d, int level) {
    d.reset();
    synchronized (IDLE) {
      int idle = 0;
      for (ArrayDeque<Deflater> q : IDLE) {
        idle += q.size();
      }
      if (idle < MAX_IDLE) {
        IDLE[level].addFirst(d);
        return;
      }
    }
    d.end();
  }
}
