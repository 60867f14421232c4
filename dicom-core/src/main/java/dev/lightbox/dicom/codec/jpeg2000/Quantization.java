package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/**
 * Quantization of one tile-component, from QCD (ISO/IEC 15444-1 §A.6.4) or QCC (§A.6.5).
 *
 * @param style 0 none (reversible), 1 scalar derived, 2 scalar expounded
 * @param exponents ε per subband in the order LL, then HL, LH, HH per level from the lowest
 *     resolution up (only the LL entry for the derived style)
 * @param mantissas μ per subband in the same order
 */
record Quantization(int style, int guardBits, int[] exponents, int[] mantissas) {

  static Quantization read(ByteCursor in, int bytes) throws CodecException {
    int at = in.position();
    if (bytes < 1) {
      throw J2kException.at(in.marker(), at, "empty quantization parameters");
    }
    int sq = in.u8();
    int style = sq & 0x1F;
    int guard = sq >> 5;
    int n;
    if (style == 0) {
      n = bytes - 1;
    } else if (style == 1 || style == 2) {
      n = (bytes - 1) / 2;
      if ((bytes - 1) % 2 != 0 || (style == 1 && n != 1)) {
        throw J2kException.at(in.marker(), at, "quantization style " + style + " with "
            + (bytes - 1) + " bytes of step sizes");
      }
    } else {
      throw J2kException.at(in.marker(), at, "quantization style " + style);
    }
    if (n < 1 || n > 97) {
      throw J2kException.at(in.marker(), at, n + " subband step sizes (1..97)");
    }
    int[] eps = new int[n];
    int[] mu = new int[n];
    for (int i = 0; i < n; i++) {
      if (style == 0) {
        eps[i] = in.u8() >> 3;
      } else {
        int v = in.u16();
        eps[i] = v >> 11;
        mu[i] = v & 0x7FF;
      }
    }
    return new Quantization(style, guard, eps, mu);
  }

  /**
   * Exponent of a subband: index 0 is LL; index 1 + 3 (r - 1) + o for resolution r and
   * orientation o (HL 0, LH 1, HH 2). The derived style scales ε0 by the level (E-5).
   */
  int exponent(int index, int levels, int level) throws CodecException {
    if (style == 1) {
      return exponents[0] - levels + level;
    }
    check(index);
    return exponents[index];
  }

  int mantissa(int index) throws CodecException {
    if (style == 1) {
      return mantissas[0];
    }
    check(index);
    return mantissas[index];
  }

  private void check(int index) throws CodecException {
    if (index >= exponents.length) {
      throw J2kException.at("QCD/QCC", -1, "no step size for subband " + index + " ("
          + exponents.length + " given)");
    }
  }
}
