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
        interleave(buf, base, 1, w, low.width(), cur.x0 & 1, tmp);
        lift53(tmp, w, cur.x0 & 1);
        System.arraycopy(tmp, 0, buf, base, w);
      }
      for (int x = 0; x < w; x++) {
        interleave(buf, x, stride, h, low.height(), cur.y0 & 1, tmp);
        lift53(tmp, h, cur.y0 & 1);
        for (int y = 0; y < h; y++) {
          buf[x + y * stride] = tmp[y];
        }
      }
    }
  }

  static void irreversible(float[] buf, int stride, Resolution[] res, int top) {
    float[] tmp = new float[maxLength(res, top) + 2];
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
        interleave(buf, base, 1, w, low.width(), cur.x0 & 1, tmp);
        lift97(tmp, w, cur.x0 & 1);
        System.arraycopy(tmp, 0, buf, base, w);
      }
      for (int x = 0; x < w; x++) {
        interleave(buf, x, stride, h, low.height(), cur.y0 & 1, tmp);
        lift97(tmp, h, cur.y0 & 1);
        for (int y = 0; y < h; y++) {
          buf[x + y * stride] = tmp[y];
        }
      }
    }
  }

  private static int maxLength(Resolution[] res, int top) {
    int m = 1;
    for (int r = 0; r <= top; r++) {
      m = Math.max(m, Math.max(res[r].width(), res[r].height()));
    }
    return m;
  }

  /** 2D_INTERLEAVE along one line: low samples sit at even absolute positions (F.3.3). */
  private static void interleave(int[] buf, int start, int step, int n, int lowCount, int odd,
      int[] out) {
    int lo = start;
    int hi = start + lowCount * step;
    for (int i = 0; i < n; i++) {
      if (((i + odd) & 1) == 0) {
        out[i] = buf[lo];
        lo += step;
      } else {
        out[i] = buf[hi];
        hi += step;
      }
    }
  }

  private static void interleave(float[] buf, int start, int step, int n, int lowCount, int odd,
      float[] out) {
    int lo = start;
    int hi = start + lowCount * step;
    for (int i = 0; i < n; i++) {
      if (((i + odd) & 1) == 0) {
        out[i] = buf[lo];
        lo += step;
      } else {
        out[i] = buf[hi];
        hi += step;
      }
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

  /** 1D_FILTR_5-3R (F-19): even samples, then odd samples. */
  static void lift53(int[] x, int n, int odd) {
    if (n == 1) {
      if (odd == 1) {
        x[0] /= 2;
      }
      return;
    }
    for (int i = odd; i < n; i += 2) {
      int left = i == 0 ? x[1] : x[i - 1];
      int right = i + 1 < n ? x[i + 1] : x[mirror(i + 1, n)];
      x[i] -= (left + right + 2) >> 2;
    }
    for (int i = 1 - odd; i < n; i += 2) {
      int left = i == 0 ? x[1] : x[i - 1];
      int right = i + 1 < n ? x[i + 1] : x[mirror(i + 1, n)];
      x[i] += (left + right) >> 1;
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
    for (int i = first; i < n; i += 2) {
      float left = i == 0 ? x[1] : x[i - 1];
      float right = i + 1 < n ? x[i + 1] : x[mirror(i + 1, n)];
      x[i] -= c * (left + right);
    }
  }
}
