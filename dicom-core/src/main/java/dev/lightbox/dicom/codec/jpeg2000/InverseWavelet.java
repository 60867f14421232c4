package dev.lightbox.dicom.codec.jpeg2000;

/**
 * Inverse discrete wavelet transform (ISO/IEC 15444-1 Annex F) of a tile-component held in the
 * Mallat layout (each resolution's LL in the top-left, HL right of it, LH below, HH diagonal):
 * 2D_SR rows then columns (F.3.2) with symmetric extension (F.3.7) and the lifting steps of the
 * reversible 5-3 (F-19, integers) and irreversible 9-7 (F.3.8.2, single-precision floats) filters.
 */
final class InverseWavelet {
  private InverseWavelet() {}

  /** Lifting coefficients of Table F.4; the high-pass scale is OpenJPEG's 2/K (13318/8192). */
  private static final float ALPHA = -1.586134342f;
  private static final float BETA = -0.052980118f;
  private static final float GAMMA = 0.882911075f;
  private static final float DELTA = 0.443506852f;
  private static final float K = 1.230174104914001f;
  private static final float TWO_OVER_K = 1.625732422f;

  /** Reconstructs resolutions 1..top of the reversible component in {@code buf} (stride w). */
  static void reversible(int[] buf, int stride, Resolution[] res, int top) {
    int[] tmp = new int[maxLength(res, top) + 2];
    int[] strip = new int[maxLength(res, top) * STRIP];
    for (int r = 1; r <= top; r++) {
      Resolution cur = res[r];
      Resolution low = res[r - 1];
      int w = cur.width();
      int h = cur.height();
      if (w == 0 || h == 0) {
        continue;
      }
      for (int y = 0; y < h; y++) {
        int base = y * stride;
        interleave(buf, base, w, low.width(), cur.x0 & 1, tmp);
        lift53(tmp, w, cur.x0 & 1);
        System.arraycopy(tmp, 0, buf, base, w);
      }
      columns53(buf, stride, w, h, low.height(), cur.y0 & 1, strip);
    }
  }

  static void irreversible(float[] buf, int stride, Resolution[] res, int top) {
    float[] tmp = new float[maxLength(res, top) + 2];
    float[] strip = new float[maxLength(res, top) * STRIP];
    for (int r = 1; r <= top; r++) {
      Resolution cur = res[r];
      Resolution low = res[r - 1];
      int w = cur.width();
      int h = cur.height();
      if (w == 0 || h == 0) {
        continue;
      }
      for (int y = 0; y < h; y++) {
        int base = y * stride;
        interleave(buf, base, w, low.width(), cur.x0 & 1, tmp);
        lift97(tmp, w, cur.x0 & 1);
        System.arraycopy(tmp, 0, buf, base, w);
      }
      columns97(buf, stride, w, h, low.height(), cur.y0 & 1, strip);
    }
  }

  /**
   * Columns filtered together by the vertical pass: a strip of STRIP columns is copied row by row
   * (2D_INTERLEAVE, F.3.3) into a buffer where each lifting step runs along whole rows, instead of
   * walking every column down a stride of the tile's width, which touches a cache line per sample.
   */
  private static final int STRIP = 32;

  /** The vertical 1D_SR (F.3.5) of columns [0, w), n = h samples each, with the 5-3 filter. */
  private static void columns53(int[] buf, int stride, int w, int h, int lowCount, int odd,
      int[] strip) {
    if (h == 1) {
      if (odd == 1) {
        for (int x = 0; x < w; x++) {
          buf[x] /= 2;
        }
      }
      return;
    }
    for (int x0 = 0; x0 < w; x0 += STRIP) {
      int s = Math.min(STRIP, w - x0);
      for (int i = 0; i < h; i++) {
        System.arraycopy(buf, sourceRow(i, lowCount, odd) * stride + x0, strip, i * s, s);
      }
      // F-19: the even (low-pass) positions first, then the odd ones, as in lift53.
      for (int i = odd; i < h; i += 2) {
        int up = (i == 0 ? 1 : i - 1) * s;
        int down = mirror(i + 1, h) * s;
        for (int j = 0, k = i * s; j < s; j++, k++) {
          strip[k] -= (strip[up + j] + strip[down + j] + 2) >> 2;
        }
      }
      for (int i = 1 - odd; i < h; i += 2) {
        int up = (i == 0 ? 1 : i - 1) * s;
        int down = mirror(i + 1, h) * s;
        for (int j = 0, k = i * s; j < s; j++, k++) {
          strip[k] += (strip[up + j] + strip[down + j]) >> 1;
        }
      }
      for (int i = 0; i < h; i++) {
        System.arraycopy(strip, i * s, buf, i * stride + x0, s);
      }
    }
  }

  /** The vertical 1D_SR with the 9-7 filter, in strips like {@link #columns53}. */
  private static void columns97(float[] buf, int stride, int w, int h, int lowCount, int odd,
      float[] strip) {
    if (h == 1) {
      return;
    }
    for (int x0 = 0; x0 < w; x0 += STRIP) {
      int s = Math.min(STRIP, w - x0);
      for (int i = 0; i < h; i++) {
        System.arraycopy(buf, sourceRow(i, lowCount, odd) * stride + x0, strip, i * s, s);
      }
      for (int i = 0; i < h; i++) {
        float scale = ((i + odd) & 1) == 0 ? K : TWO_OVER_K;
        for (int j = 0, k = i * s; j < s; j++, k++) {
          strip[k] *= scale;
        }
      }
      rows97(strip, s, h, odd, DELTA);
      rows97(strip, s, h, 1 - odd, GAMMA);
      rows97(strip, s, h, odd, BETA);
      rows97(strip, s, h, 1 - odd, ALPHA);
      for (int i = 0; i < h; i++) {
        System.arraycopy(strip, i * s, buf, i * stride + x0, s);
      }
    }
  }

  /** One lifting step of {@link #step97} applied to every column of a strip. */
  private static void rows97(float[] strip, int s, int h, int first, float c) {
    for (int i = first; i < h; i += 2) {
      int up = (i == 0 ? 1 : i - 1) * s;
      int down = mirror(i + 1, h) * s;
      for (int j = 0, k = i * s; j < s; j++, k++) {
        strip[k] -= c * (strip[up + j] + strip[down + j]);
      }
    }
  }

  /**
   * The Mallat-layout row holding interleaved position i (F.3.3): low-pass samples sit at even
   * absolute positions ({@code (i + odd)} even) and come first, the high-pass ones after them.
   */
  private static int sourceRow(int i, int lowCount, int odd) {
    return ((i + odd) & 1) == 0 ? (i + odd) / 2 - odd : lowCount + i / 2;
  }

  private static int maxLength(Resolution[] res, int top) {
    int m = 1;
    for (int r = 0; r <= top; r++) {
      m = Math.max(m, Math.max(res[r].width(), res[r].height()));
    }
    return m;
  }

  /**
   * 2D_INTERLEAVE along one row (F.3.3): low samples go to the positions i with i + odd even,
   * high samples to the others.
   */
  private static void interleave(int[] buf, int start, int n, int lowCount, int odd, int[] out) {
    for (int i = odd, k = start; i < n; i += 2, k++) {
      out[i] = buf[k];
    }
    for (int i = 1 - odd, k = start + lowCount; i < n; i += 2, k++) {
      out[i] = buf[k];
    }
  }

  private static void interleave(float[] buf, int start, int n, int lowCount, int odd,
      float[] out) {
    for (int i = odd, k = start; i < n; i += 2, k++) {
      out[i] = buf[k];
    }
    for (int i = 1 - odd, k = start + lowCount; i < n; i += 2, k++) {
      out[i] = buf[k];
    }
  }

  /** Mirror index for symmetric extension (F.3.7), n &gt;= 2. */
  private static int mirror(int i, int n) {
    if (i < 0) {
      return -i;
    }
    if (i >= n) {
      return 2 * (n - 1) - i;
    }
    return i;
  }

  /**
   * 1D_FILTR_5-3R (F-19): even samples, then odd samples. The symmetric extension (F.3.7) only
   * concerns the ends, x[−1] = x[1] and x[n] = x[n − 2], which are taken out of the loops.
   */
  static void lift53(int[] x, int n, int odd) {
    if (n == 1) {
      if (odd == 1) {
        x[0] /= 2;
      }
      return;
    }
    int i = odd;
    if (i == 0) {
      x[0] -= (x[1] + x[1] + 2) >> 2;
      i = 2;
    }
    for (; i < n - 1; i += 2) {
      x[i] -= (x[i - 1] + x[i + 1] + 2) >> 2;
    }
    if (i == n - 1) {
      x[i] -= (x[i - 1] + x[i - 1] + 2) >> 2;
    }
    i = 1 - odd;
    if (i == 0) {
      x[0] += (x[1] + x[1]) >> 1;
      i = 2;
    }
    for (; i < n - 1; i += 2) {
      x[i] += (x[i - 1] + x[i + 1]) >> 1;
    }
    if (i == n - 1) {
      x[i] += (x[i - 1] + x[i - 1]) >> 1;
    }
  }

  /** 1D_FILTR_9-7I (F.3.8.2): scaling, then the four lifting steps. */
  static void lift97(float[] x, int n, int odd) {
    if (n == 1) {
      // F.3.7 halves a lone odd sample; the high-band gain folded into the step size (see
      // TileComponent) already did.
      return;
    }
    for (int i = odd; i < n; i += 2) {
      x[i] *= K;
    }
    for (int i = 1 - odd; i < n; i += 2) {
      x[i] *= TWO_OVER_K;
    }
    step97(x, n, odd, DELTA);
    step97(x, n, 1 - odd, GAMMA);
    step97(x, n, odd, BETA);
    step97(x, n, 1 - odd, ALPHA);
  }

  private static void step97(float[] x, int n, int first, float c) {
    int i = first;
    if (i == 0) {
      x[0] -= c * (x[1] + x[1]);
      i = 2;
    }
    for (; i < n - 1; i += 2) {
      x[i] -= c * (x[i - 1] + x[i + 1]);
    }
    if (i == n - 1) {
      x[i] -= c * (x[i - 1] + x[i - 1]);
    }
  }
}
