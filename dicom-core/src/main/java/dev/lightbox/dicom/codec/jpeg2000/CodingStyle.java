package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/**
 * Coding style of one tile-component, from COD (ISO/IEC 15444-1 §A.6.1) or COC (§A.6.2).
 *
 * @param precinctExponents per resolution level, PPx in the low 4 bits and PPy in the high 4
 *     (15 for both when the default maximal precincts apply)
 * @param blockStyle code-block style bits, Table A.19 (bit 6 is the Part 15 HT flag)
 * @param reversible the 5-3 reversible filter (true) or the 9-7 irreversible one
 */
record CodingStyle(int levels, int blockWidthExp, int blockHeightExp, int blockStyle,
    boolean reversible, int[] precinctExponents) {

  static final int BYPASS = 0x01;
  static final int RESET = 0x02;
  static final int TERMINATE_ALL = 0x04;
  static final int VERTICAL_CAUSAL = 0x08;
  static final int PREDICTABLE = 0x10;
  static final int SEGMENTATION = 0x20;
  static final int HT = 0x40;
  /** Part 15 §A.4: with HT set, bit 7 means every block is HT (0) or some may be Part 1 (1). */
  static final int HT_MIXED = 0x80;

  /** Reads SPcod/SPcoc (Table A.15). */
  static CodingStyle read(ByteCursor in, boolean definedPrecincts) throws CodecException {
    int at = in.position();
    int levels = in.u8();
    int xcb = in.u8() + 2;
    int ycb = in.u8() + 2;
    int style = in.u8();
    int transform = in.u8();
    if (levels > 32) {
      throw J2kException.at(in.marker(), at, levels + " decomposition levels (at most 32)");
    }
    if (xcb > 10 || ycb > 10 || xcb + ycb > 12) {
      throw J2kException.at(in.marker(), at, "code-block size 2^" + xcb + " x 2^" + ycb
          + " (exponents at most 10, sum at most 12)");
    }
    if ((style & (HT | HT_MIXED)) == (HT | HT_MIXED)) {
      // T.814 Annex B: in a mixed tile-component each block's kind follows from its first length
      // field; no encoder or reference decoder here produces or reads such streams.
      throw J2kException.at(in.marker(), at + 3, "mixed HT / Part 1 code-blocks (style 0x"
          + Integer.toHexString(style) + ") are not supported");
    }
    if (transform > 1) {
      throw J2kException.at(in.marker(), at, "wavelet transform " + transform
          + " (only 0 = 9-7 and 1 = 5-3 in Part 1)");
    }
    int[] pp = new int[levels + 1];
    for (int r = 0; r <= levels; r++) {
      pp[r] = definedPrecincts ? in.u8() : 0xFF;
      if (definedPrecincts && r > 0 && ((pp[r] & 0xF) == 0 || (pp[r] >> 4) == 0)) {
        throw J2kException.at(in.marker(), in.position() - 1,
            "precinct exponent 0 at resolution " + r);
      }
    }
    return new CodingStyle(levels, xcb, ycb, style, transform == 1, pp);
  }

  int precinctWidthExp(int r) {
    return precinctExponents[r] & 0xF;
  }

  int precinctHeightExp(int r) {
    return precinctExponents[r] >> 4;
  }

  boolean ht() {
    return (blockStyle & HT) != 0;
  }
}
