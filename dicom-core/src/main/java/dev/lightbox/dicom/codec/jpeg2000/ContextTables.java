package dev.lightbox.dicom.codec.jpeg2000;

/**
 * Context labels of the EBCOT coder (ISO/IEC 15444-1 §D.3): zero coding (Table D.1) and sign
 * coding (Table D.3), both indexed by a sample's 3 × 3 neighbourhood as {@link BlockDecoder}'s
 * stripe-column words hold it ({@link #window}): bit 3 * (dy + 1) + (dx + 1) is the significance
 * of the neighbour at (dx, dy), so bit 4 is the sample itself.
 */
final class ContextTables {
  private ContextTables() {}

  /** Neighbourhood bits of a window: NW N NE / W (self) E / SW S SE. */
  static final int NW = 1;
  static final int N = 1 << 1;
  static final int NE = 1 << 2;
  static final int W = 1 << 3;
  static final int SELF = 1 << 4;
  static final int E = 1 << 5;
  static final int SW = 1 << 6;
  static final int S = 1 << 7;
  static final int SE = 1 << 8;
  /** The eight neighbours, without the sample itself. */
  static final int NEIGHBOURS = 0x1FF & ~SELF;
  /** The four neighbours whose signs Table D.3 looks at. */
  static final int CROSS = N | W | E | S;

  /** Zero-coding contexts for LL and LH (index 0), HL (1) and HH (2) subbands, by window. */
  static final byte[][] ZERO = new byte[3][512];
  /**
   * Sign contexts (low 5 bits) and XOR bit (bit 5) of Table D.3, indexed by the window's
   * {@link #CROSS} significance bits with each of those neighbours' negative sign one bit above.
   */
  static final byte[] SIGN = new byte[512];

  /** Table D.3 by clamped horizontal and vertical contributions, (h + 1) * 3 + (v + 1). */
  private static final byte[] SIGN_BY_CONTRIBUTION = {
    13 | 32, 12 | 32, 11 | 32, 10 | 32, 9, 10, 11, 12, 13
  };

  static {
    for (int n = 0; n < 512; n++) {
      int h = bit(n, W) + bit(n, E);
      int v = bit(n, N) + bit(n, S);
      int d = bit(n, NW) + bit(n, NE) + bit(n, SW) + bit(n, SE);
      ZERO[0][n] = (byte) lowHigh(h, v, d);
      ZERO[1][n] = (byte) lowHigh(v, h, d);
      ZERO[2][n] = (byte) diagonal(h + v, d);
      int hc = Math.max(-1, Math.min(1, contribution(n, W) + contribution(n, E)));
      int vc = Math.max(-1, Math.min(1, contribution(n, N) + contribution(n, S)));
      SIGN[n] = SIGN_BY_CONTRIBUTION[(hc + 1) * 3 + (vc + 1)];
    }
  }

  static int zeroTable(int orientation) {
    return orientation == 1 ? 1 : orientation == 3 ? 2 : 0;
  }

  private static int bit(int n, int mask) {
    return (n & mask) != 0 ? 1 : 0;
  }

  /** +1 for a significant positive neighbour, −1 for a negative one (sign bit one above). */
  private static int contribution(int n, int mask) {
    return (n & mask) == 0 ? 0 : (n & mask << 1) != 0 ? -1 : 1;
  }

  private static int lowHigh(int h, int v, int d) {
    if (h == 2) {
      return 8;
    }
    if (h == 1) {
      return v >= 1 ? 7 : d >= 1 ? 6 : 5;
    }
    if (v == 2) {
      return 4;
    }
    if (v == 1) {
      return 3;
    }
    return d >= 2 ? 2 : d;
  }

  private static int diagonal(int hv, int d) {
    if (d >= 3) {
      return 8;
    }
    if (d == 2) {
      return hv >= 1 ? 7 : 6;
    }
    if (d == 1) {
      return hv >= 2 ? 5 : hv == 1 ? 4 : 3;
    }
    return hv >= 2 ? 2 : hv;
  }
}
