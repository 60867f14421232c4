package dev.lightbox.dicom.codec.jpeg2000;

/**
 * Context labels of the EBCOT coder (ISO/IEC 15444-1 §D.3): zero coding (Table D.1) indexed by
 * the 8 neighbour significance bits, and sign coding (Table D.3) by the clamped horizontal and
 * vertical contributions.
 */
final class ContextTables {
  private ContextTables() {}

  static final int NW = 1;
  static final int N = 2;
  static final int NE = 4;
  static final int W = 8;
  static final int E = 16;
  static final int SW = 32;
  static final int S = 64;
  static final int SE = 128;

  /** Zero-coding contexts for LL and LH (index 0), HL (1) and HH (2) subbands. */
  static final byte[][] ZERO = new byte[3][256];
  /** Sign contexts (low 5 bits) and XOR bit (bit 5), indexed (h + 1) * 3 + (v + 1). */
  static final byte[] SIGN = {
    13 | 32, 12 | 32, 11 | 32, 10 | 32, 9, 10, 11, 12, 13
  };

  static {
    for (int n = 0; n < 256; n++) {
      int h = bit(n, W) + bit(n, E);
      int v = bit(n, N) + bit(n, S);
      int d = bit(n, NW) + bit(n, NE) + bit(n, SW) + bit(n, SE);
      ZERO[0][n] = (byte) lowHigh(h, v, d);
      ZERO[1][n] = (byte) lowHigh(v, h, d);
      ZERO[2][n] = (byte) diagonal(h + v, d);
    }
  }

  static int zeroTable(int orientation) {
    return orientation == 1 ? 1 : orientation == 3 ? 2 : 0;
  }

  private static int bit(int n, int mask) {
    return (n & mask) != 0 ? 1 : 0;
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
