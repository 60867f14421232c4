package dev.lightbox.dicom.render;

import dev.lightbox.dicom.codec.ScratchArrays;
import dev.lightbox.dicom.codec.SharedWork;
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

  private ChunkedZlib() {}

  /** How each chunk is deflated. */
  enum Method {
    /** zlib's deflate (LZ77 with hash chains) at the given level, primed with the rows before. */
    ZLIB,
    /** {@link RunLengthDeflater}: runs and per-block Huffman codes only; no dictionary needed. */
    RUNS
  }

  /**
   * The zlib stream of {@code height} filtered rows of {@code rowBytes} bytes each (filter type
   * byte included), deflated by {@code method} ({@code level} is zlib's; the header's FLEVEL says
   * "fastest" for RUNS).
   *
   * @param parallel false to compress in the calling thread only
   */
  static Parts compress(int height, int rowBytes, RowFilter filter, Method method, int level,
      boolean parallel) {
    long total = (long) height * rowBytes;
    int chunks = (int) Math.max(1, Math.min(Math.min(MAX_CHUNKS, height),
        total < MIN_PARALLEL_BYTES ? 1 : Math.max(2, total / CHUNK_BYTES)));
    int dictionaryRows = (WINDOW + rowBytes - 1) / rowBytes;
    Chunk[] work = new Chunk[chunks];
    long outTotal = 0;
    for (int i = 0; i < chunks; i++) {
      int y0 = (int) ((long) height * i / chunks);
      int y1 = (int) ((long) height * (i + 1) / chunks);
      work[i] = new Chunk(y0, y1, method == Method.ZLIB ? Math.max(0, y0 - dictionaryRows) : y0,
          i == chunks - 1, (int) outTotal, method);
      outTotal += work[i].bound(rowBytes);
    }
    if (outTotal > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("image too large for one PNG: " + total + " bytes");
    }
    byte[] buffer = ScratchArrays.SHARED.bytes((int) outTotal);
    try {
      SharedWork.run(chunks, parallel, null, () -> null,
          (none, i) -> work[i].run(rowBytes, filter, level, buffer));
    } catch (RuntimeException | Error e) {
      ScratchArrays.SHARED.release(buffer);
      throw e;
    }
    return Parts.of(work, buffer, method == Method.RUNS ? 1 : level);
  }

  /**
   * The zlib stream: header, each chunk's deflate bytes (a region of one shared buffer taken from
   * {@link ScratchArrays}), Adler-32 trailer. {@link #copyTo} places it; {@link #release} gives the
   * buffer back once it has been copied.
   */
  static final class Parts {
    private final byte[] header;
    private final byte[] buffer;
    private final int[] offsets;
    private final int[] lengths;
    private final byte[] trailer;
    private final int totalLength;

    private Parts(byte[] header, byte[] buffer, int[] offsets, int[] lengths, byte[] trailer) {
      this.header = header;
      this.buffer = buffer;
      this.offsets = offsets;
      this.lengths = lengths;
      this.trailer = trailer;
      int total = header.length + trailer.length;
      for (int n : lengths) {
        total += n;
      }
      this.totalLength = total;
    }

    static Parts of(Chunk[] chunks, byte[] buffer, int level) {
      // RFC 1950 §2.2: CM 8, CINFO 7 (32 KiB window), FLEVEL from the level, FCHECK so that
      // CMF·256 + FLG is a multiple of 31.
      int flevel = level <= 1 ? 0 : level <= 5 ? 1 : level == 6 ? 2 : 3;
      int cmf = 0x78;
      int flg = flevel << 6;
      flg += 31 - (cmf * 256 + flg) % 31;
      int[] offsets = new int[chunks.length];
      int[] lengths = new int[chunks.length];
      long adler = 1;
      for (int i = 0; i < chunks.length; i++) {
        offsets[i] = chunks[i].outStart;
        lengths[i] = chunks[i].outLength;
        adler = combineAdler(adler, chunks[i].adler, chunks[i].inputLength);
      }
      byte[] trailer = {(byte) (adler >>> 24), (byte) (adler >>> 16), (byte) (adler >>> 8),
          (byte) adler};
      return new Parts(new byte[] {(byte) cmf, (byte) flg}, buffer, offsets, lengths, trailer);
    }

    int totalLength() {
      return totalLength;
    }

    /** Deflate pieces between header and trailer (for tests). */
    int pieceCount() {
      return lengths.length;
    }

    /** Writes the whole zlib stream into {@code dst} at {@code at}; returns the end offset. */
    int copyTo(byte[] dst, int at) {
      System.arraycopy(header, 0, dst, at, header.length);
      at += header.length;
      for (int i = 0; i < lengths.length; i++) {
        System.arraycopy(buffer, offsets[i], dst, at, lengths[i]);
        at += lengths[i];
      }
      System.arraycopy(trailer, 0, dst, at, trailer.length);
      return at + trailer.length;
    }

    /** Gives the shared buffer back to the pool; this object must not be used afterwards. */
    void release() {
      ScratchArrays.SHARED.release(buffer);
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

  /**
   * Most raw deflate bytes {@code n} input bytes can become, a sync flush included: deflate falls
   * back to stored blocks (5 bytes of header per block of at most 64 KiB, RFC 1951 §3.2.4) when
   * compression would expand; zlib's deflateBound() is the same idea. Generous on purpose.
   */
  static int deflateBound(int n) {
    return n + (n >>> 11) + 64;
  }

  /**
   * Rows [y0, y1) compressed as one raw deflate piece into {@code buffer} at {@code outStart}
   * (at most {@link #deflateBound} of its input), primed with rows [dictionaryFrom, y0). Rows are
   * filtered band by band into a small buffer and handed to zlib, which copies its input into its
   * own window, so the chunk's filtered rows never exist in memory all at once.
   */
  static final class Chunk {
    final int y0;
    final int y1;
    final int dictionaryFrom;
    final boolean last;
    final int outStart;
    final Method method;
    int outLength;
    long adler;
    int inputLength;

    Chunk(int y0, int y1, int dictionaryFrom, boolean last, int outStart, Method method) {
      this.y0 = y0;
      this.y1 = y1;
      this.dictionaryFrom = dictionaryFrom;
      this.last = last;
      this.outStart = outStart;
      this.method = method;
    }

    /** Rows per band: about one deflate window's worth (and one block for RUNS). */
    int bandRows(int rowBytes) {
      return Math.max(1, Math.min(y1 - y0, (WINDOW + rowBytes - 1) / rowBytes));
    }

    /** Most output bytes this chunk can take, sync flush included. */
    int bound(int rowBytes) {
      int n = (y1 - y0) * rowBytes;
      return method == Method.ZLIB ? deflateBound(n)
          : RunLengthDeflater.bound(n, bandRows(rowBytes) * rowBytes) + 8;
    }

    void run(int rowBytes, RowFilter filter, int level, byte[] buffer) {
      inputLength = (y1 - y0) * rowBytes;
      int bandRows = bandRows(rowBytes);
      byte[] band = new byte[Math.max(bandRows, y0 - dictionaryFrom) * rowBytes];
      Adler32 sum = new Adler32();
      if (method == Method.RUNS) {
        runLengths(rowBytes, filter, buffer, bandRows, band, sum);
        return;
      }
      Deflater deflater = DeflaterPool.take(level);
      try {
        if (y0 > dictionaryFrom) {
          int dictionaryBytes = (y0 - dictionaryFrom) * rowBytes;
          for (int y = dictionaryFrom, at = 0; y < y0; y++, at += rowBytes) {
            filter.filter(y, band, at);
          }
          int from = Math.max(0, dictionaryBytes - WINDOW);
          deflater.setDictionary(band, from, dictionaryBytes - from);
        }
        int limit = outStart + deflateBound(inputLength);
        bands(rowBytes, filter, bandRows, band, sum, (n, end) -> {
          deflater.setInput(band, 0, n);
          if (end && last) {
            deflater.finish();
          }
          int at = outStart + outLength;
          while (true) {
            int room = limit - at;
            if (room == 0) {
              throw new IllegalStateException("deflate output exceeded its bound");
            }
            int flush = end && !last ? Deflater.SYNC_FLUSH : Deflater.NO_FLUSH;
            int written = deflater.deflate(buffer, at, room, flush);
            at += written;
            // zlib copies the input into its window: the band may be refilled once it needs
            // input. A sync flush is complete once deflate leaves output space unused (Deflater
            // docs); the last chunk ends with finished().
            boolean done = !end ? deflater.needsInput()
                : last ? deflater.finished() : written < room;
            if (done) {
              break;
            }
          }
          outLength = at - outStart;
        });
        adler = sum.getValue();
      } finally {
        DeflaterPool.give(deflater, level);
      }
    }

    /** What is done with each band of filtered rows: {@code n} bytes at the start of the band. */
    private interface BandSink {
      void accept(int n, boolean endOfChunk);
    }

    /** Filters the chunk's rows band by band into {@code band}, summing each for Adler-32. */
    private void bands(int rowBytes, RowFilter filter, int bandRows, byte[] band, Adler32 sum,
        BandSink sink) {
      for (int y = y0; y < y1; y += bandRows) {
        int rows = Math.min(bandRows, y1 - y);
        for (int r = 0; r < rows; r++) {
          filter.filter(y + r, band, r * rowBytes);
        }
        int n = rows * rowBytes;
        sum.update(band, 0, n);
        sink.accept(n, y + rows >= y1);
      }
    }

    /** The RUNS method: one deflate block per band, a sync flush after all but the last chunk. */
    private void runLengths(int rowBytes, RowFilter filter, byte[] buffer, int bandRows,
        byte[] band, Adler32 sum) {
      RunLengthDeflater deflater = new RunLengthDeflater(buffer, outStart,
          outStart + bound(rowBytes));
      bands(rowBytes, filter, bandRows, band, sum,
          (n, end) -> deflater.block(band, 0, n, last && end));
      if (!last) {
        deflater.syncFlush();
      }
      outLength = deflater.finish() - outStart;
      adler = sum.getValue();
    }
  }
}
