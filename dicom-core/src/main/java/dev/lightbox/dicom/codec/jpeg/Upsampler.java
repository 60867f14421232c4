package dev.lightbox.dicom.codec.jpeg;

/**
 * Brings every component plane to full resolution and interleaves the components, choosing the
 * method IJG libjpeg (the library dcmtk decodes with) uses with its default settings, so output
 * matches dcmtk's:
 *
 * <ul>
 *   <li>full-size components are copied;
 *   <li>2:1 horizontal (h2v1) and 2:1 both ways (h2v2) use libjpeg's "fancy" triangle filter,
 *       weights 3/4 nearer and 1/4 farther sample, with its exact rounding biases, edges
 *       replicated; only when the component is wider than 2 samples, as in libjpeg;
 *   <li>other integral ratios replicate samples;
 *   <li>non-integral ratios (which libjpeg rejects) take the nearest sample to the left/above.
 * </ul>
 *
 * <p>No colour conversion: YCbCr stays YCbCr (the DICOM Photometric Interpretation decides).
 */
final class Upsampler {
  private Upsampler() {}

  static int[] interleave(JpegFrame f) {
    int n = f.components.length;
    int width = f.width;
    int height = f.height;
    int[] out = new int[width * height * n];
    for (int ci = 0; ci < n; ci++) {
      JpegComponent c = f.components[ci];
      int hFactor = f.hMax / c.h;
      int vFactor = f.vMax / c.v;
      boolean integral = f.hMax % c.h == 0 && f.vMax % c.v == 0;
      if (c.h == f.hMax && c.v == f.vMax) {
        copy(c, out, ci, n, width, height);
      } else if (integral && hFactor == 2 && vFactor == 1 && c.width > 2) {
        fancyH2V1(c, out, ci, n, width, height);
      } else if (integral && hFactor == 2 && vFactor == 2 && c.width > 2) {
        fancyH2V2(c, out, ci, n, width, height);
      } else {
        nearest(c, f, out, ci, n, width, height);
      }
    }
    return out;
  }

  private static void copy(JpegComponent c, int[] out, int ci, int n, int width, int height) {
    short[] p = c.plane;
    if (n == 1) {
      for (int y = 0; y < height; y++) {
        int src = y * c.stride;
        int dst = y * width;
        for (int x = 0; x < width; x++) {
          out[dst + x] = p[src + x];
        }
      }
      return;
    }
    for (int y = 0; y < height; y++) {
      int src = y * c.stride;
      int dst = y * width * n + ci;
      for (int x = 0; x < width; x++, dst += n) {
        out[dst] = p[src + x];
      }
    }
  }

  /** libjpeg h2v1 fancy: out[2i] = (3·s[i] + s[i-1] + 1) / 4, out[2i+1] = (3·s[i] + s[i+1] + 2) / 4. */
  private static void fancyH2V1(JpegComponent c, int[] out, int ci, int n, int width, int height) {
    short[] p = c.plane;
    int last = c.width - 1;
    for (int y = 0; y < height; y++) {
      int row = y * c.stride;
      int dst = y * width * n + ci;
      for (int x = 0; x < width; x++, dst += n) {
        int i = x >> 1;
        int three = 3 * p[row + i];
        if ((x & 1) == 0) {
          out[dst] = (three + p[row + Math.max(i - 1, 0)] + 1) >> 2;
        } else {
          out[dst] = (three + p[row + Math.min(i + 1, last)] + 2) >> 2;
        }
      }
    }
  }

  /**
   * libjpeg h2v2 fancy: vertical 3:1 column sums with the nearer neighbouring row (rows
   * replicated at the edges), then horizontally (3·sum[i] + sum[i∓1] + 8 or 7) / 16.
   */
  private static void fancyH2V2(JpegComponent c, int[] out, int ci, int n, int width, int height) {
    short[] p = c.plane;
    int last = c.width - 1;
    int lastRow = c.height - 1;
    int[] sums = new int[c.width];
    for (int y = 0; y < height; y++) {
      int r = y >> 1;
      int neighbour = (y & 1) == 0 ? Math.max(r - 1, 0) : Math.min(r + 1, lastRow);
      int row = r * c.stride;
      int other = neighbour * c.stride;
      for (int i = 0; i <= last; i++) {
        sums[i] = 3 * p[row + i] + p[other + i];
      }
      int dst = y * width * n + ci;
      for (int x = 0; x < width; x++, dst += n) {
        int i = x >> 1;
        int three = 3 * sums[i];
        if ((x & 1) == 0) {
          out[dst] = (three + sums[Math.max(i - 1, 0)] + 8) >> 4;
        } else {
          out[dst] = (three + sums[Math.min(i + 1, last)] + 7) >> 4;
        }
      }
    }
  }

  private static void nearest(
      JpegComponent c, JpegFrame f, int[] out, int ci, int n, int width, int height) {
    short[] p = c.plane;
    int[] columns = new int[width];
    for (int x = 0; x < width; x++) {
      columns[x] = (int) ((long) x * c.h / f.hMax);
    }
    for (int y = 0; y < height; y++) {
      int row = (int) ((long) y * c.v / f.vMax) * c.stride;
      int dst = y * width * n + ci;
      for (int x = 0; x < width; x++, dst += n) {
        out[dst] = p[row + columns[x]];
      }
    }
  }
}
