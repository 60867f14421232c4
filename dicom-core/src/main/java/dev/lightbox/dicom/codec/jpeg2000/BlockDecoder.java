package dev.lightbox.dicom.codec.jpeg2000;

import static dev.lightbox.dicom.codec.jpeg2000.ContextTables.CROSS;
import static dev.lightbox.dicom.codec.jpeg2000.ContextTables.NEIGHBOURS;
import static dev.lightbox.dicom.codec.jpeg2000.ContextTables.SELF;

/**
 * Tier-1 decoding of one code-block (ISO/IEC 15444-1 Annex D): significance propagation,
 * magnitude refinement and cleanup passes over stripes of four rows, with the MQ decoder or raw
 * bits (bypass), and every code-block style of Table A.19. Magnitudes are kept with one extra
 * fractional bit so that a coefficient is reconstructed at the middle of its interval (§E.1.1.2).
 * One instance per thread; buffers are reused between blocks.
 *
 * <p>The state of the four samples of a stripe column (the unit of the §D.2.1 scan) is one
 * {@code long}, so one load tells whether a column has anything to code in a pass and every
 * context of Tables D.1–D.4 comes from that word alone:
 *
 * <ul>
 *   <li>bits 0–17: significance of the 3 × 6 samples around the column, rows −1..4 of the stripe
 *       and columns −1..1: bit 3 * (row + 1) + (column + 1). Shifted right by 3 * row, the low
 *       nine bits are the {@link ContextTables} window of that row's sample.
 *   <li>bits 18–21: rows 0–3 visited by this bit-plane's significance pass (coded already).
 *   <li>bits 22–25: rows 0–3 refined before (first refinement or not, Table D.4).
 *   <li>bits 26–29: rows 0–3 significant (the centre bits again, side by side).
 *   <li>bits 32–49: negative signs, at the significance bits' positions + 32.
 * </ul>
 *
 * <p>A sample becoming significant sets its bits in its own word and in the words of the columns
 * left and right of it, and, in the first or last row of a stripe, in the three words of the
 * neighbouring stripe. Words for one column and one stripe of padding on every side absorb the
 * updates at the block's edges.
 */
final class BlockDecoder implements BlockSamples {
  private static final long SIGNIFICANCE = (1L << 18) - 1;
  private static final int VISITED = 18;
  private static final int REFINED = 22;
  private static final int OWN = 26;
  private static final long VISITED_ALL = 0xFL << VISITED;
  private static final long OWN_ALL = 0xFL << OWN;

  private final MqDecoder mq = new MqDecoder();
  private final RawBits raw = new RawBits();
  private long[] state = new long[0];
  /** Magnitudes times two plus the half-interval bit, row-major; signs are in {@link #state}. */
  private int[] magnitudes = new int[0];
  private int width;
  private int height;
  /** Words per stripe: the block's columns and a padding column on each side. */
  private int columns;
  private boolean causal;
  private byte[] zero;

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  @Override
  public int[] magnitudes() {
    return magnitudes;
  }

  @Override
  public boolean negative(int x, int y) {
    long f = state[((y >> 2) + 1) * columns + x + 1];
    return (f >>> (32 + 4 + 3 * (y & 3)) & 1) != 0;
  }

  /**
   * Decodes the block's passes into {@link #magnitudes} (row-major, width × height) and signs.
   *
   * @param bitplanes magnitude bit-planes coded, M_b + ROI shift − zero bit-planes
   */
  void decode(CodeBlock block, int orientation, int style, int bitplanes) {
    width = block.width();
    height = block.height();
    columns = width + 2;
    int size = columns * (((height + 3) >> 2) + 2);
    if (state.length < size) {
      state = new long[size];
    } else {
      java.util.Arrays.fill(state, 0, size, 0);
    }
    int n = width * height;
    if (magnitudes.length < n) {
      magnitudes = new int[n];
    } else {
      java.util.Arrays.fill(magnitudes, 0, n, 0);
    }
    causal = (style & CodingStyle.VERTICAL_CAUSAL) != 0;
    zero = ContextTables.ZERO[ContextTables.zeroTable(orientation)];
    if (bitplanes <= 0 || block.passes == 0) {
      return;
    }
    mq.resetContexts();
    boolean bypass = (style & CodingStyle.BYPASS) != 0;
    boolean reset = (style & CodingStyle.RESET) != 0;
    boolean segmentation = (style & CodingStyle.SEGMENTATION) != 0;
    int passes = Math.min(block.passes, 3 * bitplanes - 2);
    int pass = 0;
    int offset = 0;
    for (int s = 0; s < block.segmentCount && pass < passes; s++) {
      int length = block.segmentLengths[s];
      boolean rawSegment = bypass && pass >= 10 && (pass - 10) % 3 != 2;
      if (rawSegment) {
        raw.start(block.data, offset, length);
      } else {
        mq.start(block.data, offset, length);
      }
      for (int k = 0; k < block.segmentPasses[s] && pass < passes; k++, pass++) {
        int type = pass == 0 ? 2 : (pass - 1) % 3;
        int plane = bitplanes - 1 - (pass + 2) / 3;
        switch (type) {
          case 0 -> significancePass(plane, rawSegment);
          case 1 -> refinementPass(plane, rawSegment);
          default -> {
            cleanupPass(plane);
            if (segmentation) {
              for (int i = 0; i < 4; i++) {
                mq.decode(MqDecoder.UNIFORM);
              }
            }
          }
        }
        if (reset && !rawSegment) {
          mq.resetContexts();
        }
      }
      offset += length;
    }
  }

  /** The context window of row {@code row} of a stripe column (see {@link ContextTables}). */
  private static int window(long f, int row) {
    return (int) (f >>> 3 * row) & 0x1FF;
  }

  private void significancePass(int plane, boolean rawSegment) {
    int value = 3 << plane;
    long[] st = state;
    for (int y0 = 0, w0 = columns + 1; y0 < height; y0 += 4, w0 += columns) {
      int rows = Math.min(4, height - y0);
      for (int x = 0; x < width; x++) {
        int w = w0 + x;
        long f = st[w];
        // Nothing to code in a column with no significant sample around it (most of a high plane).
        if ((f & SIGNIFICANCE) == 0) {
          continue;
        }
        for (int row = 0; row < rows; row++) {
          int win = window(f, row);
          if ((win & SELF) != 0 || (win & NEIGHBOURS) == 0) {
            continue;
          }
          int bit = rawSegment ? raw.bit() : mq.decode(zero[win]);
          if (bit != 0) {
            boolean negative = rawSegment ? raw.bit() != 0 : decodeSign(f, row);
            f = becomeSignificant(w, row, negative, f);
            magnitudes[(y0 + row) * width + x] = value;
          }
          f |= 1L << (VISITED + row);
        }
        st[w] = f;
      }
    }
  }

  private void refinementPass(int plane, boolean rawSegment) {
    int delta = 1 << plane;
    long[] st = state;
    for (int y0 = 0, w0 = columns + 1; y0 < height; y0 += 4, w0 += columns) {
      for (int x = 0; x < width; x++) {
        int w = w0 + x;
        long f = st[w];
        // Significant before this bit-plane: significant and not visited by this plane's SPP.
        int todo = (int) (f >>> OWN) & ~(int) (f >>> VISITED) & 0xF;
        if (todo == 0) {
          continue;
        }
        do {
          int row = Integer.numberOfTrailingZeros(todo);
          todo &= todo - 1;
          int bit;
          if (rawSegment) {
            bit = raw.bit();
          } else {
            // Table D.4: 16 after the first refinement, else 15 with a significant neighbour.
            int refined = (int) (f >>> (REFINED + row)) & 1;
            int neighbour = ((window(f, row) & NEIGHBOURS) + 0x1FF) >>> 9;
            bit = mq.decode(14 + Math.max(refined << 1, neighbour));
          }
          // + delta for a 1, − delta for a 0, without a branch on the decision.
          magnitudes[(y0 + row) * width + x] += (bit << plane + 1) - delta;
          f |= 1L << (REFINED + row);
        } while (todo != 0);
        st[w] = f;
      }
    }
  }

  private void cleanupPass(int plane) {
    int value = 3 << plane;
    long[] st = state;
    for (int y0 = 0, w0 = columns + 1; y0 < height; y0 += 4, w0 += columns) {
      int rows = Math.min(4, height - y0);
      int rowMask = (1 << rows) - 1;
      for (int x = 0; x < width; x++) {
        int w = w0 + x;
        long f = st[w];
        // Nothing to code when every sample is already significant or was coded by the SPP.
        if (((int) (f >>> VISITED | f >>> OWN) & rowMask) == rowMask) {
          st[w] = f & ~VISITED_ALL;
          continue;
        }
        int row = 0;
        // Run-length mode (§D.3.4): four insignificant, unvisited samples with no significant
        // neighbour. In vertically causal mode the stripe below never sets its bits here.
        if (rows == 4 && (f & (SIGNIFICANCE | VISITED_ALL)) == 0) {
          if (mq.decode(MqDecoder.RUN_LENGTH) == 0) {
            continue;
          }
          row = mq.decode(MqDecoder.UNIFORM) << 1 | mq.decode(MqDecoder.UNIFORM);
          f = becomeSignificant(w, row, decodeSign(f, row), f);
          magnitudes[(y0 + row) * width + x] = value;
          row++;
        }
        for (; row < rows; row++) {
          if ((f >>> (VISITED + row) & 1) != 0) {
            continue;
          }
          int win = window(f, row);
          if ((win & SELF) == 0 && mq.decode(zero[win]) != 0) {
            f = becomeSignificant(w, row, decodeSign(f, row), f);
            magnitudes[(y0 + row) * width + x] = value;
          }
        }
        st[w] = f & ~VISITED_ALL;
      }
    }
  }

  /** Sign bit (§D.3.2): context and XOR bit of Table D.3 from the four direct neighbours. */
  private boolean decodeSign(long f, int row) {
    int index = window(f, row) & CROSS | (int) (f >>> (31 + 3 * row)) & CROSS << 1;
    int entry = ContextTables.SIGN[index];
    return (mq.decode(entry & 31) ^ (entry >> 5)) != 0;
  }

  /**
   * Records that row {@code row} of stripe column word {@code w} became significant, in its own
   * word (returned, the caller holds it in a local) and in its neighbours' words.
   */
  private long becomeSignificant(int w, int row, boolean negative, long f) {
    long[] st = state;
    long centre = 1L << (3 * row + 4);
    long bits = negative ? centre | centre << 32 : centre;
    // To the left column the sample is its column +1 neighbour, to the right its column −1.
    st[w - 1] |= bits << 1;
    st[w + 1] |= bits >>> 1;
    if (row == 0 && !causal) {
      // Row 4 of the stripe above; vertically causal mode (§D.7) hides it from that stripe.
      long up = bits << 12;
      int a = w - columns;
      st[a - 1] |= up << 1;
      st[a] |= up;
      st[a + 1] |= up >>> 1;
    } else if (row == 3) {
      // Row −1 of the stripe below.
      long down = bits >>> 12;
      int b = w + columns;
      st[b - 1] |= down << 1;
      st[b] |= down;
      st[b + 1] |= down >>> 1;
    }
    return f | bits | 1L << (OWN + row);
  }
}
