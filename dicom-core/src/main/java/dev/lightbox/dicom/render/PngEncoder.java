package dev.lightbox.dicom.render;

import dev.lightbox.dicom.render.ChunkedZlib.Method;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A small, fast PNG writer (ISO/IEC 15948) for 8-bit grey, 16-bit grey and 8-bit RGB, with the
 * fastest deflate by default: rendering for the browser is latency-bound, not size-bound. At level
 * 1 each image gets zlib or the own run-length coder ({@link RunLengthDeflater}, several times
 * faster and about as small on filtered medical images), whichever the trial below favours.
 *
 * <p>One filter (ISO/IEC 15948 §9.2) is used for every row of an image: None, Sub or Up, whichever
 * deflates two sample bands of {@value #TRIAL_ROWS} rows smallest (a trial costs a few per cent of
 * the encode; the right filter makes the whole stream both smaller and faster to deflate, since
 * deflate's speed falls with the number of literals it has to code). Images of more than about
 * 100 KiB are compressed in row chunks by two threads at once ({@link ChunkedZlib}); the output is
 * deterministic either way (the same bytes whichever thread did which chunk). The PNG is written
 * into one array of its exact size.
 */
public final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};
  /** Rows per trial band for the filter choice. */
  static final int TRIAL_ROWS = 8;
  /** Below this many filtered bytes the trial is not worth its cost: Sub is used. */
  static final int MIN_TRIAL_BYTES = 32 * 1024;
  /** How much larger than zlib's the run-length stream may be and still be chosen for speed. */
  static final int RUNS_TOLERANCE_PERCENT = 10;

  /** ISO/IEC 15948 §9.2 filter types used here (Average and Paeth cost more than they save). */
  enum Filter {
    NONE(0), SUB(1), UP(2);

    final int type;

    Filter(int type) {
      this.type = type;
    }
  }

  private final int level;
  private final boolean parallel;
  private final boolean runLength;

  /** The fastest encoder: zlib level 1 or run-length coding, two threads for large images. */
  public PngEncoder() {
    this(1);
  }

  /**
   * @param level zlib compression level 0..9; at level 1 (fastest) run-length coding is used
   *     instead of zlib where its trial is about as small
   */
  public PngEncoder(int level) {
    this(level, true);
  }

  /**
   * @param level zlib compression level 0..9; at level 1 (fastest) run-length coding is used
   *     instead of zlib where its trial is about as small
   * @param parallel false to compress in the calling thread only (same bytes, one core)
   */
  public PngEncoder(int level, boolean parallel) {
    this(level, parallel, level == 1);
  }

  /**
   * @param level zlib compression level 0..9
   * @param parallel false to compress in the calling thread only (same bytes, one core)
   * @param runLength whether run-length coding may replace zlib where its trial is within
   *     {@value #RUNS_TOLERANCE_PERCENT} % of zlib's size
   */
  public PngEncoder(int level, boolean parallel, boolean runLength) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("zlib level " + level + " is not 0..9");
    }
    this.level = level;
    this.parallel = parallel;
    this.runLength = runLength;
  }

  public byte[] encode(RenderedImage img) {
    int bpp = img.channels() * img.bitDepth() / 8;
    Choice choice = choose(img, bpp, img.width() * bpp);
    return encode(img, choice.filter(), choice.method());
  }

  /** The PNG of {@code img} with {@code filter} on every row, deflated by {@code method}. */
  byte[] encode(RenderedImage img, Filter filter, Method method) {
    int bpp = img.channels() * img.bitDepth() / 8;
    int stride = img.width() * bpp;
    ChunkedZlib.Parts idat = ChunkedZlib.compress(img.height(), stride + 1,
        (y, out, at) -> filterRow(img, filter, y, bpp, stride, out, at), method, level,
        parallel);
    try {
      // signature, IHDR (12 + 13), IDAT (12 + data), IEND (12)
      byte[] png = new byte[SIGNATURE.length + 25 + 12 + idat.totalLength() + 12];
      System.arraycopy(SIGNATURE, 0, png, 0, SIGNATURE.length);
      int at = SIGNATURE.length;
      int ihdr = at + 8;
      putInt(png, ihdr, img.width());
      putInt(png, ihdr + 4, img.height());
      png[ihdr + 8] = (byte) img.bitDepth();
      png[ihdr + 9] = (byte) (img.channels() == 3 ? 2 : 0); // colour type (§11.2.2)
      // compression 0, filter method 0, interlace 0: already zero
      at = chunk(png, at, "IHDR", 13);
      int idatEnd = idat.copyTo(png, at + 8);
      at = chunk(png, at, "IDAT", idatEnd - at - 8);
      chunk(png, at, "IEND", 0);
      return png;
    } finally {
      idat.release();
    }
  }

  public void write(RenderedImage img, OutputStream out) throws IOException {
    out.write(encode(img));
  }

  /** A filter and a deflate method for a whole image. */
  record Choice(Filter filter, Method method) {}

  /**
   * The filter and method for the whole image, from trials on two bands of {@value #TRIAL_ROWS}
   * rows at a third and two thirds of the height. With run-length coding allowed: the filter whose
   * bands it codes smallest, and run-length coding (several times faster than zlib) unless zlib
   * codes the same bands more than {@value #RUNS_TOLERANCE_PERCENT} % smaller; then, as without
   * run-length coding, zlib with the filter whose bands zlib codes smallest. A first probe with
   * Up skips the run-length trials where zlib is less than half their size (long matches, as in
   * synthetic images). Small images get Sub and zlib. Depends only on the pixels, so the output
   * stays deterministic.
   */
  Choice choose(RenderedImage img, int bpp, int stride) {
    int rowBytes = stride + 1;
    if ((long) img.height() * rowBytes < MIN_TRIAL_BYTES || img.height() < 2 * TRIAL_ROWS) {
      return new Choice(Filter.SUB, Method.ZLIB);
    }
    Deflater deflater = DeflaterPool.take(level);
    try {
      Trial trial = new Trial(img, bpp, stride, deflater);
      if (runLength && trial.size(Method.RUNS, Filter.UP) <= 2 * trial.size(Method.ZLIB,
          Filter.UP)) {
        Filter best = trial.smallest(Method.RUNS);
        if (trial.size(Method.RUNS, best) * 100
            <= trial.size(Method.ZLIB, best) * (100 + RUNS_TOLERANCE_PERCENT)) {
          return new Choice(best, Method.RUNS);
        }
      }
      return new Choice(trial.smallest(Method.ZLIB), Method.ZLIB);
    } finally {
      DeflaterPool.give(deflater, level);
    }
  }

  /** The trial bands of one image, filtered on demand, and their coded sizes, each coded once. */
  private static final class Trial {
    private final RenderedImage img;
    private final int bpp;
    private final int stride;
    private final Deflater deflater;
    private final byte[] bands;
    private final byte[] sink;
    private final long[][] sizes = new long[Method.values().length][Filter.values().length];
    private Filter filtered;

    Trial(RenderedImage img, int bpp, int stride, Deflater deflater) {
      this.img = img;
      this.bpp = bpp;
      this.stride = stride;
      this.deflater = deflater;
      this.bands = new byte[2 * TRIAL_ROWS * (stride + 1)];
      this.sink = new byte[Math.max(ChunkedZlib.deflateBound(bands.length),
          RunLengthDeflater.bound(bands.length, bands.length))];
    }

    /** The filter whose bands {@code method} codes smallest (the first of equals). */
    Filter smallest(Method method) {
      Filter best = Filter.SUB;
      long bestSize = Long.MAX_VALUE;
      for (Filter f : Filter.values()) {
        long size = size(method, f);
        if (size < bestSize) {
          bestSize = size;
          best = f;
        }
      }
      return best;
    }

    long size(Method method, Filter f) {
      long[] row = sizes[method.ordinal()];
      if (row[f.ordinal()] == 0) {
        filter(f);
        row[f.ordinal()] = method == Method.RUNS ? runLengthSize() : zlibSize();
      }
      return row[f.ordinal()];
    }

    private long runLengthSize() {
      RunLengthDeflater runs = new RunLengthDeflater(sink, 0, sink.length);
      runs.block(bands, 0, bands.length, true);
      return runs.finish();
    }

    private long zlibSize() {
      long size = 0;
      deflater.reset();
      deflater.setInput(bands, 0, bands.length);
      deflater.finish();
      while (!deflater.finished()) {
        size += deflater.deflate(sink, 0, sink.length);
      }
      return size;
    }

  private void filter(Filter f) {
      if (f == filtered) {
        return;
      }
      int[] starts = {img.height() / 3, 2 * img.height() / 3};
      int rowBytes = stride + 1;
      for (int b = 0; b < starts.length; b++) {
        for (int r = 0; r < TRIAL_ROWS; r++) {
          filterRow(img, f, starts[b] + r, bpp, stride, bands, (b * TRIAL_ROWS + r) * rowBytes);
        }
      }
      filtered = f;
    }
  }

  /** Row {@code y}: the filter type byte, then the row filtered (ISO/IEC 15948 §9.2). */
  static void filterRow(RenderedImage img, Filter filter, int y, int bpp, int stride, byte[] out,
      int at) {
    out[at] = (byte) filter.type;
    int o = at + 1;
    if (img.bitDepth() == 8) {
      byte[] src = img.bytes();
      int p = y * stride;
      switch (filter) {
        case NONE -> System.arraycopy(src, p, out, o, stride);
        case SUB -> {
          System.arraycopy(src, p, out, o, bpp);
          for (int i = bpp; i < stride; i++) {
            out[o + i] = (byte) (src[p + i] - src[p + i - bpp]);
          }
        }
        case UP -> {
          if (y == 0) {
            System.arraycopy(src, p, out, o, stride); // the row above the first is zeros
          } else {
            for (int i = 0, q = p - stride; i < stride; i++) {
              out[o + i] = (byte) (src[p + i] - src[q + i]);
            }
          }
        }
      }
      return;
    }
    rowBytes(img, y, out, o);
    switch (filter) {
      case NONE -> { }
      case SUB -> {
        for (int i = stride - 1; i >= bpp; i--) {
          out[o + i] = (byte) (out[o + i] - out[o + i - bpp]);
        }
      }
      case UP -> {
        if (y > 0) {
          int n = img.width() * img.channels();
          short[] s = img.shorts();
          for (int i = 0, q = (y - 1) * n; i < n; i++, q++) {
            out[o + 2 * i] = (byte) (out[o + 2 * i] - (s[q] >>> 8));
            out[o + 2 * i + 1] = (byte) (out[o + 2 * i + 1] - s[q]);
          }
        }
      }
    }
  }

  /** 16-bit samples of row {@code y}, big-endian as PNG stores them (ISO/IEC 15948 §7.1). */
  private static void rowBytes(RenderedImage img, int y, byte[] raw, int at) {
    int n = img.width() * img.channels();
    short[] s = img.shorts();
    for (int i = 0, p = y * n; i < n; i++, p++) {
      raw[at + 2 * i] = (byte) (s[p] >>> 8);
      raw[at + 2 * i + 1] = (byte) s[p];
    }
  }

  /**
   * Completes the chunk at {@code at} whose {@code length} data bytes are already in place after
   * its 8-byte head: writes length and type, and the CRC over type and data (§5.3).
   */
  private static int chunk(byte[] png, int at, String type, int length) {
    putInt(png, at, length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(t, 0, png, at + 4, 4);
    CRC32 crc = new CRC32();
    crc.update(png, at + 4, 4 + length);
    putInt(png, at + 8 + length, (int) crc.getValue());
    return at + 12 + length;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
