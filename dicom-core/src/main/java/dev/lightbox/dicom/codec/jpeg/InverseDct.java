package dev.lightbox.dicom.codec.jpeg;

/**
 * Accurate integer 8×8 inverse DCT (ITU-T T.81 §A.3.3), the Loeffler–Ligtenberg–Moschytz
 * factorisation with 13-bit fixed-point constants. It follows the same arithmetic as IJG
 * libjpeg's "islow" method (scaled intermediate rows, round-half-up descaling, level shift by
 * 2^(P-1) and clamping to 0..2^P-1, §A.3.1), so results equal the reference decoder dcmtk uses.
 */
final class InverseDct {
  private static final int CONST_BITS = 13;
  private static final long FIX_0_298631336 = 2446;
  private static final long FIX_0_390180644 = 3196;
  private static final long FIX_0_541196100 = 4433;
  private static final long FIX_0_765366865 = 6270;
  private static final long FIX_0_899976223 = 7373;
  private static final long FIX_1_175875602 = 9633;
  private static final long FIX_1_501321110 = 12299;
  private static final long FIX_1_847759065 = 15137;
  private static final long FIX_1_961570560 = 16069;
  private static final long FIX_2_053119869 = 16819;
  private static final long FIX_2_562915447 = 20995;
  private static final long FIX_3_072711026 = 25172;

  /** Extra precision bits kept between passes: 2 for 8-bit samples, 1 for 12-bit (as IJG). */
  private final int pass1Bits;
  private final int center;
  private final int max;
  private final int[] workspace = new int[64];

  InverseDct(int precision) {
    this.pass1Bits = precision == 8 ? 2 : 1;
    this.center = 1 << (precision - 1);
    this.max = (1 << precision) - 1;
  }

  /** Output of a block whose only non-zero coefficient is the (dequantised) DC term. */
  int dcOnly(int dc) {
    long w = (long) dc << pass1Bits;
    int shift = pass1Bits + 3;
    return clamp((int) ((w + (1L << (shift - 1))) >> shift) + center);
  }

  /**
   * Transforms dequantised coefficients (natural order) and writes the 8×8 samples into {@code
   * out} at {@code start} with row stride {@code stride}.
   */
  void transform(int[] in, short[] out, int start, int stride) {
    int[] ws = workspace;
    int shift1 = CONST_BITS - pass1Bits;
    long round1 = 1L << (shift1 - 1);
    for (int col = 0; col < 8; col++) {
      if (in[col + 8] == 0 && in[col + 16] == 0 && in[col + 24] == 0 && in[col + 32] == 0
          && in[col + 40] == 0 && in[col + 48] == 0 && in[col + 56] == 0) {
        int dc = in[col] << pass1Bits;
        for (int r = 0; r < 64; r += 8) {
          ws[col + r] = dc;
        }
        continue;
      }
      long z2 = in[col + 16];
      long z3 = in[col + 48];
      long z1 = (z2 + z3) * FIX_0_541196100;
      long tmp2 = z1 - z3 * FIX_1_847759065;
      long tmp3 = z1 + z2 * FIX_0_765366865;
      z2 = in[col];
      z3 = in[col + 32];
      long tmp0 = (z2 + z3) << CONST_BITS;
      long tmp1 = (z2 - z3) << CONST_BITS;
      long tmp10 = tmp0 + tmp3;
      long tmp13 = tmp0 - tmp3;
      long tmp11 = tmp1 + tmp2;
      long tmp12 = tmp1 - tmp2;

      long o0 = in[col + 56];
      long o1 = in[col + 40];
      long o2 = in[col + 24];
      long o3 = in[col + 8];
      long[] odd = oddPart(o0, o1, o2, o3);

      ws[col] = (int) ((tmp10 + odd[3] + round1) >> shift1);
      ws[col + 56] = (int) ((tmp10 - odd[3] + round1) >> shift1);
      ws[col + 8] = (int) ((tmp11 + odd[2] + round1) >> shift1);
      ws[col + 48] = (int) ((tmp11 - odd[2] + round1) >> shift1);
      ws[col + 16] = (int) ((tmp12 + odd[1] + round1) >> shift1);
      ws[col + 40] = (int) ((tmp12 - odd[1] + round1) >> shift1);
      ws[col + 24] = (int) ((tmp13 + odd[0] + round1) >> shift1);
      ws[col + 32] = (int) ((tmp13 - odd[0] + round1) >> shift1);
    }

    int shift2 = CONST_BITS + pass1Bits + 3;
    long round2 = 1L << (shift2 - 1);
    for (int row = 0; row < 64; row += 8) {
      int o = start + (row >> 3) * stride;
      if (ws[row + 1] == 0 && ws[row + 2] == 0 && ws[row + 3] == 0 && ws[row + 4] == 0
          && ws[row + 5] == 0 && ws[row + 6] == 0 && ws[row + 7] == 0) {
        int s = pass1Bits + 3;
        short v = (short) clamp((int) ((ws[row] + (1L << (s - 1))) >> s) + center);
        for (int i = 0; i < 8; i++) {
          out[o + i] = v;
        }
        continue;
      }
      long z2 = ws[row + 2];
      long z3 = ws[row + 6];
      long z1 = (z2 + z3) * FIX_0_541196100;
      long tmp2 = z1 - z3 * FIX_1_847759065;
      long tmp3 = z1 + z2 * FIX_0_765366865;
      long tmp0 = ((long) ws[row] + ws[row + 4]) << CONST_BITS;
      long tmp1 = ((long) ws[row] - ws[row + 4]) << CONST_BITS;
      long tmp10 = tmp0 + tmp3;
      long tmp13 = tmp0 - tmp3;
      long tmp11 = tmp1 + tmp2;
      long tmp12 = tmp1 - tmp2;
      long[] odd = oddPart(ws[row + 7], ws[row + 5], ws[row + 3], ws[row + 1]);

      out[o] = sample(tmp10 + odd[3], round2, shift2);
      out[o + 7] = sample(tmp10 - odd[3], round2, shift2);
      out[o + 1] = sample(tmp11 + odd[2], round2, shift2);
      out[o + 6] = sample(tmp11 - odd[2], round2, shift2);
      out[o + 2] = sample(tmp12 + odd[1], round2, shift2);
      out[o + 5] = sample(tmp12 - odd[1], round2, shift2);
      out[o + 3] = sample(tmp13 + odd[0], round2, shift2);
      out[o + 4] = sample(tmp13 - odd[0], round2, shift2);
    }
  }

  private final long[] oddResult = new long[4];

  /** Odd part of the 8-point LLM IDCT from inputs 7, 5, 3, 1; returns tmp0..tmp3. */
  private long[] oddPart(long tmp0, long tmp1, long tmp2, long tmp3) {
    long z1 = tmp0 + tmp3;
    long z2 = tmp1 + tmp2;
    long z3 = tmp0 + tmp2;
    long z4 = tmp1 + tmp3;
    long z5 = (z3 + z4) * FIX_1_175875602;
    tmp0 *= FIX_0_298631336;
    tmp1 *= FIX_2_053119869;
    tmp2 *= FIX_3_072711026;
    tmp3 *= FIX_1_501321110;
    z1 *= -FIX_0_899976223;
    z2 *= -FIX_2_562915447;
    z3 = z3 * -FIX_1_961570560 + z5;
    z4 = z4 * -FIX_0_390180644 + z5;
    long[] r = oddResult;
    r[0] = tmp0 + z1 + z3;
    r[1] = tmp1 + z2 + z4;
    r[2] = tmp2 + z2 + z3;
    r[3] = tmp3 + z1 + z4;
    return r;
  }

  private short sample(long value, long round, int shift) {
    return (short) clamp((int) ((value + round) >> shift) + center);
  }

  private int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, max);
  }
}
