package dev.lightbox.dicom.codec.jpegls;

import dev.lightbox.dicom.codec.CodecException;
import java.util.Arrays;

/**
 * Decodes lines of samples of one JPEG-LS scan: context modelling, prediction, bias correction,
 * limited-length Golomb decoding and run mode (ITU-T T.87 Annex A, decoder view of Annex F).
 *
 * <p>Line buffers hold one line with one sample of padding on either side: index {@code x + 1} is
 * column {@code x}, index 0 is the left neighbour of column 0 and index {@code width + 1} repeats
 * the last sample (T.87 §A.2.1 edge rules). All samples stay in {@code 0..MAXVAL}, so gradient
 * look-ups never leave the quantisation table.
 */
final class LineDecoder {
  /** T.87 §A.7.1.1 run-length order table J. */
  private static final int[] J = {
    0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14,
    15
  };

  /** Regular-mode contexts 0..364 (0 only in sample-interleaved scans) and two run contexts. */
  private static final int CONTEXTS = 367;

  private static final int RUN_CONTEXT = 365;
  private static final int MAX_K = 24;

  private final BitReader in;
  private final int maxVal;
  private final int near;
  private final int delta;
  private final int range;
  private final int qbpp;
  private final int limit;
  private final int reset;
  /** Gradient D in -MAXVAL..MAXVAL quantised to -4..4 at index D + MAXVAL (T.87 §A.3.3). */
  private final byte[] quantised;

  private final int[] a = new int[CONTEXTS];
  private final int[] b = new int[CONTEXTS];
  private final int[] c = new int[CONTEXTS];
  private final int[] n = new int[CONTEXTS];
  private final int[] nn = new int[2];
  private final int[] runIndex;
  /** Per-component contexts of the current pixel in sample-interleaved scans. */
  private final int[] sampleContexts = new int[4];

  LineDecoder(BitReader in, CodingParameters p, int runIndexSlots) {
    this.in = in;
    this.maxVal = p.maxVal();
    this.near = p.near();
    this.delta = 2 * near + 1;
    this.range = (maxVal + 2 * near) / delta + 1;
    this.qbpp = ceilLog2(range);
    int bpp = Math.max(2, ceilLog2(maxVal + 1));
    this.limit = 2 * (bpp + Math.max(8, bpp));
    this.reset = p.reset();
    this.quantised = new byte[2 * maxVal + 1];
    for (int d = -maxVal; d <= maxVal; d++) {
      quantised[d + maxVal] = (byte) quantise(d, p.t1(), p.t2(), p.t3());
    }
    this.runIndex = new int[runIndexSlots];
    resetState();
  }

  private static int ceilLog2(int value) {
    int bits = 0;
    while ((1L << bits) < value) {
      bits++;
    }
    return bits;
  }

  private int quantise(int d, int t1, int t2, int t3) {
    if (d <= -t3) {
      return -4;
    } else if (d <= -t2) {
      return -3;
    } else if (d <= -t1) {
      return -2;
    } else if (d < -near) {
      return -1;
    } else if (d <= near) {
      return 0;
    } else if (d < t1) {
      return 1;
    } else if (d < t2) {
      return 2;
    } else if (d < t3) {
      return 3;
    }
    return 4;
  }

  /** Initial context state, at the start of a scan and after each restart (T.87 §A.2.1). */
  void resetState() {
    int a0 = Math.max(2, (range + 32) / 64);
    Arrays.fill(a, a0);
    Arrays.fill(b, 0);
    Arrays.fill(c, 0);
    Arrays.fill(n, 1);
    nn[0] = 0;
    nn[1] = 0;
    Arrays.fill(runIndex, 0);
  }

  /**
   * Decodes one line of one component (non-interleaved or line-interleaved scans). {@code slot}
   * selects the component's run index: T.87 keeps RUNindex per component while the regular and
   * run contexts are shared by all components of a scan.
   */
  void decodeLine(int[] prev, int[] cur, int width, int slot) throws CodecException {
    cur[0] = prev[1];
    int i = 1;
    while (i <= width) {
      int ra = cur[i - 1];
      int rb = prev[i];
      int rc = prev[i - 1];
      int rd = prev[i + 1];
      int ctx =
          81 * quantised[rd - rb + maxVal]
              + 9 * quantised[rb - rc + maxVal]
              + quantised[rc - ra + maxVal];
      if (ctx == 0) {
        i = decodeRun(prev, cur, i, width, slot);
      } else {
        cur[i] = decodeRegular(ctx, ra, rb, rc);
        i++;
      }
    }
    cur[width + 1] = cur[width];
  }

  /** Regular mode for one sample in context {@code ctx} (signed, non-zero or 0): T.87 §A.4-A.6. */
  private int decodeRegular(int ctx, int ra, int rb, int rc) throws CodecException {
    boolean negative = ctx < 0;
    int q = negative ? -ctx : ctx;
    int px;
    if (rc >= Math.max(ra, rb)) {
      px = Math.min(ra, rb);
    } else if (rc <= Math.min(ra, rb)) {
      px = Math.max(ra, rb);
    } else {
      px = ra + rb - rc;
    }
    px = negative ? px - c[q] : px + c[q];
    if (px < 0) {
      px = 0;
    } else if (px > maxVal) {
      px = maxVal;
    }
    int nq = n[q];
    int k = golombParameter(nq, a[q]);
    int mapped = decodeGolomb(k, limit);
    int errval = (mapped >>> 1) ^ -(mapped & 1);
    if (near == 0 && k == 0 && 2 * b[q] <= -nq) {
      errval = ~errval;
    }
    updateRegular(q, errval);
    int e = errval * delta;
    return reconstruct(px + (negative ? -e : e));
  }

  private int golombParameter(int count, int accumulated) throws CodecException {
    int k = 0;
    while (((long) count << k) < accumulated) {
      k++;
    }
    if (k > MAX_K) {
      throw in.error("Golomb parameter " + k + " exceeds " + MAX_K + " (corrupt context state)");
    }
    return k;
  }

  /** Limited-length Golomb code (T.87 §A.5.3); {@code codeLimit} is LIMIT or the run variant. */
  private int decodeGolomb(int k, int codeLimit) throws CodecException {
    int escape = codeLimit - qbpp - 1;
    int prefix = in.readUnary(escape);
    int value = prefix < escape ? (prefix << k) | in.readBits(k) : in.readBits(qbpp) + 1;
    // A conforming encoder never maps an error above RANGE; larger values would let the context
    // accumulators grow without bound.
    if (value > range) {
      throw in.error("mapped prediction error " + value + " exceeds RANGE " + range);
    }
    return value;
  }

  /** T.87 §A.6.1 and §A.6.2: update A, B, N and the bias correction C. */
  private void updateRegular(int q, int errval) {
    int bq = b[q] + errval * delta;
    int aq = a[q] + Math.abs(errval);
    int nq = n[q];
    if (nq == reset) {
      aq >>= 1;
      bq >>= 1;
      nq >>= 1;
    }
    nq++;
    if (bq <= -nq) {
      bq += nq;
      if (c[q] > -128) {
        c[q]--;
      }
      if (bq <= -nq) {
        bq = -nq + 1;
      }
    } else if (bq > 0) {
      bq -= nq;
      if (c[q] < 127) {
        c[q]++;
      }
      if (bq > 0) {
        bq = 0;
      }
    }
    a[q] = aq;
    b[q] = bq;
    n[q] = nq;
  }

  /** Undoes the modulo reduction of the error and clamps (T.87 §A.4.4 / Annex F decoder). */
  private int reconstruct(int rx) {
    if (rx < -near) {
      rx += range * delta;
    } else if (rx > maxVal + near) {
      rx -= range * delta;
    }
    if (rx < 0) {
      return 0;
    }
    return Math.min(rx, maxVal);
  }

  /**
   * Run mode starting at index {@code i} (T.87 §A.7): the run length in J-ordered segments, then
   * the run interruption sample unless the run reached the end of the line. Returns the index
   * after the last decoded sample.
   */
  private int decodeRun(int[] prev, int[] cur, int i, int width, int slot) throws CodecException {
    int runValue = cur[i - 1];
    int end = decodeRunLength(cur, i, width, slot, runValue);
    if (end > width) {
      return end;
    }
    int ra = cur[end - 1];
    int rb = prev[end];
    int riType = Math.abs(ra - rb) <= near ? 1 : 0;
    int px = riType == 1 ? ra : rb;
    int errval = decodeInterruptionError(riType, J[runIndex[slot]]);
    int e = errval * delta;
    cur[end] = reconstruct(riType == 0 && ra > rb ? px - e : px + e);
    if (runIndex[slot] > 0) {
      runIndex[slot]--;
    }
    return end + 1;
  }

  /**
   * Reads the run length and fills {@code cur} from index {@code i} with {@code runValue}.
   * Returns the index of the interruption sample, or {@code width + 1} when the run ended the
   * line (T.87 §A.7.1.2, decoder side).
   */
  private int decodeRunLength(int[] cur, int i, int width, int slot, int runValue)
      throws CodecException {
    int remaining = width - i + 1;
    while (true) {
      int ri = runIndex[slot];
      if (in.readBit() == 1) {
        int segment = 1 << J[ri];
        int count = Math.min(segment, remaining);
        Arrays.fill(cur, i, i + count, runValue);
        i += count;
        remaining -= count;
        if (count == segment && ri < 31) {
          runIndex[slot] = ri + 1;
        }
        if (remaining == 0) {
          return width + 1;
        }
      } else {
        int count = in.readBits(J[ri]);
        if (count >= remaining) {
          throw in.error("run of " + count + " samples exceeds the " + remaining + " left in line");
        }
        Arrays.fill(cur, i, i + count, runValue);
        return i + count;
      }
    }
  }

  /**
   * Decodes the prediction error of a run interruption sample (T.87 §A.7.2) and updates the run
   * context {@code 365 + riType}. {@code j} is J[RUNindex] before the index is decremented.
   */
  private int decodeInterruptionError(int riType, int j) throws CodecException {
    int q = RUN_CONTEXT + riType;
    int nq = n[q];
    int temp = riType == 0 ? a[q] : a[q] + (nq >> 1);
    int k = golombParameter(nq, temp);
    int mapped = decodeGolomb(k, limit - j - 1);
    int t = mapped + riType;
    int map = t & 1;
    int magnitude = (t + map) >> 1;
    boolean flip = k == 0 && 2 * nn[riType] < nq;
    int errval = (map == 1) == flip ? magnitude : -magnitude;
    if (errval < 0) {
      nn[riType]++;
    }
    a[q] += (mapped + 1 - riType) >> 1;
    if (nq == reset) {
      a[q] >>= 1;
      nq >>= 1;
      nn[riType] >>= 1;
    }
    n[q] = nq + 1;
    return errval;
  }

  /**
   * Decodes one line of a sample-interleaved scan of {@code components} components (T.87 §B.3):
   * run mode only when every component's context is zero, one shared run index, and run
   * interruption samples coded per component with RItype 0 and prediction Rb.
   */
  void decodeSampleLine(int[][] prev, int[][] cur, int width, int components)
      throws CodecException {
    for (int s = 0; s < components; s++) {
      cur[s][0] = prev[s][1];
    }
    int[] ctx = sampleContexts;
    int i = 1;
    while (i <= width) {
      boolean run = true;
      for (int s = 0; s < components; s++) {
        int[] p = prev[s];
        int ra = cur[s][i - 1];
        int rb = p[i];
        int rc = p[i - 1];
        int rd = p[i + 1];
        ctx[s] =
            81 * quantised[rd - rb + maxVal]
                + 9 * quantised[rb - rc + maxVal]
                + quantised[rc - ra + maxVal];
        run &= ctx[s] == 0;
      }
      if (run) {
        i = decodeSampleRun(prev, cur, i, width, components);
      } else {
        for (int s = 0; s < components; s++) {
          int[] p = prev[s];
          cur[s][i] = decodeRegular(ctx[s], cur[s][i - 1], p[i], p[i - 1]);
        }
        i++;
      }
    }
    for (int s = 0; s < components; s++) {
      cur[s][width + 1] = cur[s][width];
    }
  }

  private int decodeSampleRun(int[][] prev, int[][] cur, int i, int width, int components)
      throws CodecException {
    int remaining = width - i + 1;
    int end = -1;
    while (end < 0) {
      int ri = runIndex[0];
      int count;
      if (in.readBit() == 1) {
        int segment = 1 << J[ri];
        count = Math.min(segment, remaining);
        if (count == segment && ri < 31) {
          runIndex[0] = ri + 1;
        }
        if (count == remaining) {
          end = width + 1;
        }
      } else {
        count = in.readBits(J[ri]);
        if (count >= remaining) {
          throw in.error("run of " + count + " pixels exceeds the " + remaining + " left in line");
        }
        end = i + count;
      }
      for (int s = 0; s < components; s++) {
        Arrays.fill(cur[s], i, i + count, cur[s][i - 1]);
      }
      i += count;
      remaining -= count;
    }
    if (end > width) {
      return end;
    }
    int j = J[runIndex[0]];
    for (int s = 0; s < components; s++) {
      int ra = cur[s][end - 1];
      int rb = prev[s][end];
      int e = decodeInterruptionError(0, j) * delta;
      cur[s][end] = reconstruct(ra > rb ? rb - e : rb + e);
    }
    if (runIndex[0] > 0) {
      runIndex[0]--;
    }
    return end + 1;
  }
}
