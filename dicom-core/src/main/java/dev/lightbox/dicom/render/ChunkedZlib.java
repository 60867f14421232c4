package dev.lightbox.dicom.render;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Adler32;
import java.util.zip.Deflater;

/**
 * One zlib stream (RFC 1950) over filtered PNG rows, compressed in independent row chunks that two
 * threads can work on at once (the caller and one helper from a shared pool).
 *
 * <p>Technique (as in pigz): each chunk is a raw deflate stream (RFC 1951) primed with the last
 * 32 KiB of the rows before it as its dictionary, so back-references may cross into the previous
 * chunk exactly as the decoder's sliding window allows; every chunk but the last ends with a sync
 * flush (an empty stored block, byte-aligned, BFINAL = 0), so the concatenation is one valid
 * deflate stream. The Adler-32 of the whole uncompressed data is combined from the chunks'
 * (RFC 1950 §9 arithmetic). Chunk boundaries depend only on the image size, so the output is the
 * same bytes whichever thread compressed which chunk.
 *
 * <p>The caller never waits for the pool: both threads take the next unclaimed chunk from one
 * counter, so when the pool is busy (a loaded server) the caller compresses every chunk itself.
 */
final class ChunkedZlib {
  /** Rows of filtered bytes for row {@code y} into {@code out} at {@code at} (stride + 1 bytes). */
  interface RowFilter {
    void filter(int y, byte[] out, int at);
  }

  /** Deflate's window (RFC 1951 §2): the most a back-reference can reach. */
  static final int WINDOW = 32 * 1024;
  /** Below this many filtered bytes one chunk (no threads) is cheaper. */
  static final int MIN_PARALLEL_BYTES = 96 * 1024;
  /** Target chunk size: small enough for two threads to share the work evenly. */
  static final int CHUNK_BYTES = 256 * 1024;
  static final int MAX_CHUNKS = 16;

  private static final Executor HELPERS = ForkJoinPool.commonPool();

  private ChunkedZlib() {}

  /**
   * The zlib stream of {@code height} filtered rows of {@code rowBytes} bytes each (filter type
   * byte included).
   *
   * @param parallel false to compress in the calling thread only
   */
  static Parts compress(int height, int rowBytes, RowFilter filter, int level, boolean parallel) {
    long total = (long) height * rowBytes;
    int chunks = (int) Math.max(1, Math.min(Math.min(MAX_CHUNKS, height),
        total < MIN_PARALLEL_BYTES ? 1 : Math.max(2, total / CHUNK_BYTES)));
    int dictionaryRows = (WINDOW + rowBytes - 1) / rowBytes;
    Chunk[] work = new Chunk[chunks];
    for (int i = 0; i < chunks; i++) {
      int y0 = (int) ((long) height * i / chunks);
      int y1 = (int) ((long) height * (i + 1) / chunks);
      work[i] = new Chunk(y0, y1, Math.max(0, y0 - dictionaryRows), i == chunks - 1);
    }
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(chunks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker = () -> {
      for (int i; (i = next.getAndIncrement()) < chunks; ) {
        try {
          work[i].run(rowBytes, filter, level);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.countDown();
        }
      }
    };
    if (parallel && chunks > 1) {
      HELPERS.execute(worker);
    }
    worker.run();
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the helper's chunks finish quickly; keep the interrupt for later
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure.get() != null) {
      Throwable t = failure.get();
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(t);
    }
    return Parts.of(work, level);
  }

  /** The zlib stream as pieces: header, each chunk's deflate bytes, Adler-32 trailer. */
  record Parts(byte[][] pieces, int[] lengths, int totalLength) {
    static Parts of(Chunk[] chunks, int level) {
      byte[][] pieces = new byte[chunks.length + 2][];
      int[] lengths = new int[chunks.length + 2];
      // RFC 1950 §2.2: CM 8, CINFO 7 (32 KiB window), FLEVEL from the level, FCHECK so that
      // CMF·256 + FLG is a multiple of 31.
      int flevel = level <= 1 ? 0 : level <= 5 ? 1 : level == 6 ? 2 : 3;
      int cmf = 0x78;
      int flg = flevel << 6;
      flg += 31 - (cmf * 256 + flg) % 31;
      pieces[0] = new byte[] {(byte) cmf, (byte) flg};
      lengths[0] = 2;
      long adler = 1;
      int total = 2;
      for (int i = 0; i < chunks.length; i++) {
        pieces[i + 1] = chunks[i].out;
        lengths[i + 1] = chunks[i].outLength;
        total += chunks[i].outLength;
        adler = combineAdler(adler, chunks[i].adler, chunks[i].inputLength);
      }
      pieces[chunks.length + 1] = new byte[] {(byte) (adler >>> 24), (byte) (adler >>> 16),
          (byte) (adler >>> 8), (byte) adler};
      lengths[chunks.length + 1] = 4;
      return new Parts(pieces, lengths, total + 4);
    }
  }

  /**
   * Adler-32 of A followed by B from adler(A), adler(B) and B's length (RFC 1950 §8.2 defines
   * s1 = 1 + Σ bytes, s2 = Σ s1 after each byte, both modulo 65521: B's s1 adds to A's, and each of
   * B's n bytes adds A's s1 − 1 once more to s2).
   */
  static long combineAdler(long a, long b, long lengthB) {
    final long mod = 65521;
    long a1 = a & 0xFFFF;
    long a2 = a >>> 16;
    long b1 = b & 0xFFFF;
    long b2 = b >>> 16;
    long n = lengthB % mod;
    long s1 = (a1 + b1 - 1 + mod) % mod;
    long s2 = (a2 + b2 + n * ((a1 - 1 + mod) % mod)) % mod;
    return (s2 << 16) | s1;
  }

  /** Rows [y0, y1) compressed as one raw deflate piece, primed with rows [dictionaryFrom, y0). */
  static final class Chunk {
    final int y0;
    final int y1;
    final int dictionaryFrom;
    final boolean last;
    byte[] out;
    int outLength;
    long adler;
    int inputLength;

    Chunk(int y0, int y1, int dictionaryFrom, boolean last) {
      this.y0 = y0;
      this.y1 = y1;
      this.dictionaryFrom = dictionaryFrom;
      this.last = last;
    }

    void run(int rowBytes, RowFilter filter, int level) {
      int dictionaryBytes = (y0 - dictionaryFrom) * rowBytes;
      inputLength = (y1 - y0) * rowBytes;
      byte[] in = new byte[dictionaryBytes + inputLength];
      for (int y = dictionaryFrom, at = 0; y < y1; y++, at += rowBytes) {
        filter.filter(y, in, at);
      }
      Adler32 sum = new Adler32();
      sum.update(in, dictionaryBytes, inputLength);
      adler = sum.getValue();
      Deflater deflater = new Deflater(level, true);
      try {
        if (dictionaryBytes > 0) {
          int from = Math.max(0, dictionaryBytes - WINDOW);
          deflater.setDictionary(in, from, dictionaryBytes - from);
        }
        deflater.setInput(in, dictionaryBytes, inputLength);
        out = new byte[Math.max(1024, inputLength / 2 + 1024)];
        if (last) {
          deflater.finish();
        }
        while (true) {
          if (outLength == out.length) {
            out = java.util.Arrays.copyOf(out, out.length * 2);
          }
          int room = out.length - outLength;
          int n = deflater.deflate(out, outLength, room,
              last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
          outLength += n;
          // A sync flush is complete once deflate leaves output space unused (Deflater docs).
          if (last ? deflater.finished() : n < room) {
            break;
          }
        }
      } finally {
        deflater.end();
      }
    }
  }
}
