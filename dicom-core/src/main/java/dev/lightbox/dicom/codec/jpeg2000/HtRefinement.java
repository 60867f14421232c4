package dev.lightbox.dicom.codec.jpeg2000;

/**
 * The HT refinement passes (ITU-T T.814 §7.4 SigProp, §7.5 MagRef) on the cleanup pass's output:
 * both refine bit-plane {@code q}, one below the cleanup pass. Magnitudes keep the decoder's
 * convention of one extra fractional bit at the bin centre, so a refined sample moves to the centre
 * of its half of the cleanup bin and a newly significant one to the centre of [2^q, 2^(q+1)).
 */
final class HtRefinement {
  private static final byte CLEANUP = 1;
  private static final byte NEW = 2;
  private final HtRefinementBits.Forward sigProp = new HtRefinementBits.Forward();
  private final HtRefinementBits.Reverse magRef = new HtRefinementBits.Reverse();
  /** Significance with a one-sample border: CLEANUP from the cleanup pass, NEW from SigProp. */
  private byte[] state = new byte[0];

  void decode(int[] magnitudes, boolean[] negative, int width, int height, int q,
      boolean withMagRef, boolean causal, byte[] data, int from, int to) {
    int stride = width + 2;
    int size = stride * (height + 2);
    if (state.length < size) {
      state = new byte[size];
    } else {
      java.util.Arrays.fill(state, 0, size, (byte) 0);
    }
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (magnitudes[y * width + x] != 0) {
          state[(y + 1) * stride + x + 1] = CLEANUP;
        }
      }
    }
    sigProp.start(data, from, to);
    for (int y0 = 0; y0 < height; y0 += 4) {
      int rows = Math.min(4, height - y0);
      for (int x0 = 0; x0 < width; x0 += 4) {
        significance(magnitudes, width, q, causal, stride, y0, rows, x0, Math.min(4, width - x0));
        signs(negative, width, stride, y0, rows, x0, Math.min(4, width - x0));
      }
    }
    if (withMagRef) {
      magRef.start(data, from, to);
      for (int y0 = 0; y0 < height; y0 += 4) {
        int rows = Math.min(4, height - y0);
        for (int x = 0; x < width; x++) {
          for (int y = y0; y < y0 + rows; y++) {
            if (state[(y + 1) * stride + x + 1] == CLEANUP) {
              // (2mu+1)<<(q+1) is the old bin centre; the MagRef bit picks the upper or lower half.
              int step = 1 << q;
              magnitudes[y * width + x] += magRef.bit() == 1 ? step : -step;
            }
          }
        }
      }
    }
  }

  /**
   * SigProp significance bits of a 4-column group of one stripe, column by column: a sample not
   * yet significant is a member when any of its eight neighbours is significant — from the
   * cleanup pass, or from this pass at an earlier position; with vertically causal contexts the
   * row below a stripe does not count (§7.4).
   */
  private void significance(int[] magnitudes, int width, int q, boolean causal, int stride,
      int y0, int rows, int x0, int columns) {
    for (int x = x0; x < x0 + columns; x++) {
      for (int y = y0; y < y0 + rows; y++) {
        int s = (y + 1) * stride + x + 1;
        if (state[s] != 0) {
          continue;
        }
        int around = state[s - stride - 1] | state[s - stride] | state[s - stride + 1]
            | state[s - 1] | state[s + 1];
        if (!causal || (y & 3) != 3) {
          around |= state[s + stride - 1] | state[s + stride] | state[s + stride + 1];
        }
        if (around != 0 && sigProp.bit() == 1) {
          state[s] = NEW;
          magnitudes[y * width + x] = 3 << q;
        }
      }
    }
  }

  /** Sign bits (1 = negative) of the group's newly significant samples, in the same order. */
  private void signs(boolean[] negative, int width, int stride, int y0, int rows, int x0,
      int columns) {
    for (int x = x0; x < x0 + columns; x++) {
      for (int y = y0; y < y0 + rows; y++) {
        if (state[(y + 1) * stride + x + 1] == NEW) {
          negative[y * width + x] = sigProp.bit() == 1;
        }
      }
    }
  }
}
