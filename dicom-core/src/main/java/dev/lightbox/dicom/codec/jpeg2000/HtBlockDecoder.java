package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/**
 * The HT cleanup pass (ITU-T T.814 | ISO/IEC 15444-15 §7.3): quads of 2×2 samples in pairs
 * along each quad row; per quad a significance pattern rho from a MEL symbol and/or a CxtVLC
 * codeword, an unsigned residual u (U-VLC) bounding the magnitude exponents, and the MagSgn bits
 * of each significant sample. Output matches {@link BlockDecoder}: magnitudes with one extra
 * fractional bit (bin centre) and signs. With two or three coding passes the HT refinement
 * segment follows: SigProp (§7.4) and MagRef (§7.5) refine bit-plane p − 1.
 */
final class HtBlockDecoder implements BlockSamples {
  private final HtStreams.Forward magSgn = new HtStreams.Forward();
  private final HtStreams.Reverse vlc = new HtStreams.Reverse();
  private final HtStreams.Mel mel = new HtStreams.Mel();
  private final HtRefinement refinement = new HtRefinement();
  private int[] magnitudes = new int[0];
  private boolean[] negative = new boolean[0];
  private int width;

  @Override
  public int[] magnitudes() {
    return magnitudes;
  }

  @Override
  public boolean negative(int x, int y) {
    return negative[y * width + x];
  }

  /**
   * @param plane bit-plane of the cleanup pass: M_b − 1 − zero bit-planes (§7.1)
   * @param style code-block style bits (Table A.19); vertically causal contexts matter to SigProp
   */
  void decode(CodeBlock cb, int plane, int style, long offset) throws CodecException {
    width = cb.width();
    int height = cb.height();
    int n = width * height;
    if (magnitudes.length < n) {
      magnitudes = new int[n];
      negative = new boolean[n];
    } else {
      java.util.Arrays.fill(magnitudes, 0, n, 0);
      java.util.Arrays.fill(negative, 0, n, false);
    }
    if (cb.passes == 0 || cb.segmentCount == 0) {
      return;
    }
    if (cb.passes > 3) {
      // More than one HT set (placeholder passes, T.814 §B.3) needs an encoder that writes them.
      throw J2kException.at("HT code-block", offset, cb.passes
          + " coding passes: HT sets after the first are not supported");
    }
    if (cb.passes > 1 && (cb.segmentCount < 2 || plane < 1)) {
      throw J2kException.at("HT code-block", offset, cb.passes + " coding passes with "
          + cb.segmentCount + " segments at cleanup bit-plane " + plane);
    }
    if (plane < 0) {
      throw J2kException.at("HT code-block", offset, "cleanup bit-plane " + plane);
    }
    int lcup = cb.segmentLengths[0];
    byte[] d = cb.data;
    if (lcup < 2 || lcup > cb.length) {
      throw J2kException.at("HT code-block", offset, "cleanup segment of " + lcup + " bytes");
    }
    int scup = ((d[lcup - 1] & 0xFF) << 4) + (d[lcup - 2] & 0xF);
    if (scup < 2 || scup > lcup || scup > 4079) {
      throw J2kException.at("HT code-block", offset, "Scup " + scup + " with Lcup " + lcup);
    }
    int pcup = lcup - scup;
    magSgn.start(d, 0, pcup);
    mel.start(d, pcup, scup - 1);
    vlc.start(d, lcup, scup);
    cleanup(plane, height, offset);
    if (cb.passes > 1) {
      int lref = cb.segmentLengths[1];
      if (lref < 0 || (long) lcup + lref > cb.length) {
        throw J2kException.at("HT code-block", offset, "refinement segment of " + lref
            + " bytes after " + lcup + " of " + cb.length);
      }
      refinement.decode(magnitudes, negative, width, height, plane - 1, cb.passes == 3,
          (style & CodingStyle.VERTICAL_CAUSAL) != 0, d, lcup, lcup + lref);
    }
  }

  private void cleanup(int plane, int height, long offset) throws CodecException {
    int qw = (width + 1) >> 1;
    int qh = (height + 1) >> 1;
    int[] above = new int[qw];
    int[] row = new int[qw];
    int[] u = new int[qw];
    int[] exponentsAbove = new int[qw + 1];
    int[] exponentsBelow = new int[qw + 1];
    for (int qy = 0; qy < qh; qy++) {
      boolean first = qy == 0;
      int[] table = first ? HtVlcTables.FIRST : HtVlcTables.OTHER;
      for (int qx = 0; qx < qw; qx += 2) {
        row[qx] = quad(table, context(first, row, above, qx, qw));
        boolean second = qx + 1 < qw;
        if (second) {
          row[qx + 1] = quad(table, context(first, row, above, qx + 1, qw));
        }
        residuals(first, row[qx], second ? row[qx + 1] : 0, second, u, qx);
      }
      java.util.Arrays.fill(exponentsBelow, 0);
      for (int qx = 0; qx < qw; qx++) {
        int e = row[qx];
        int rho = (e >> 4) & 0xF;
        int bound;
        if (first) {
          bound = 1 + u[qx];
        } else {
          int kappa = 1;
          if (Integer.bitCount(rho) > 1) {
            int v = exponentsAbove[qx] | exponentsAbove[qx + 1] | 2;
            kappa = 31 - Integer.numberOfLeadingZeros(v);
          }
          bound = u[qx] + kappa;
        }
        if (rho != 0 && bound + plane > 30) {
          throw J2kException.at("HT code-block", offset, "exponent bound " + bound
              + " at bit-plane " + plane + " exceeds 31 bits");
        }
        for (int s = 0; s < 4; s++) {
          if ((rho & (1 << s)) == 0) {
            continue;
          }
          int m = bound - ((e >> (12 + s)) & 1);
          if (m < 0) {
            throw J2kException.at("HT code-block", offset, "negative MagSgn bit count");
          }
          int v = magSgn.read(m) | ((e >> (8 + s)) & 1) << m;
          int x = 2 * qx + (s >> 1);
          int y = 2 * qy + (s & 1);
          if (x < width && y < height) {
            int mu = (v >> 1) + 1;
            magnitudes[y * width + x] = (2 * mu + 1) << plane;
            negative[y * width + x] = (v & 1) != 0;
          }
          if ((s & 1) == 1) {
            exponentsBelow[qx + (s >> 1)] |= v | 1;
          }
        }
      }
      int[] t = above;
      above = row;
      row = t;
      java.util.Arrays.fill(row, 0);
      t = exponentsAbove;
      exponentsAbove = exponentsBelow;
      exponentsBelow = t;
    }
  }

  /** Quad context c_q from already decoded neighbours (T.814 eqs. 1 and 2). */
  private static int context(boolean first, int[] row, int[] above, int qx, int qw) {
    int left = qx > 0 ? row[qx - 1] >> 4 : 0;
    if (first) {
      return ((left | left >> 1) & 1) | (left >> 1 & 2) | (left >> 1 & 4);
    }
    int a = above[qx] >> 4;
    int al = qx > 0 ? above[qx - 1] >> 4 : 0;
    int ar = qx + 1 < qw ? above[qx + 1] >> 4 : 0;
    int north = ((a >> 1) | (al >> 3)) & 1;
    int west = ((left >> 2) | (left >> 3)) & 1;
    int east = ((a >> 3) | (ar >> 1)) & 1;
    return north | west << 1 | east << 2;
  }

  /** rho, u_off, e_k, e_1 of one quad: MEL decides a zero-context quad's significance. */
  private int quad(int[] table, int context) {
    if (context == 0 && mel.decode() == 0) {
      return 0;
    }
    int entry = table[context * 128 + vlc.peek(7)];
    vlc.advance(entry & 7);
    return entry;
  }

  /** U-VLC residuals of a quad pair (§7.3.6), with the first-row MEL and "u > 2" shortcuts. */
  private void residuals(boolean first, int e0, int e1, boolean second, int[] u, int qx) {
    boolean off0 = (e0 & 8) != 0;
    boolean off1 = second && (e1 & 8) != 0;
    int u0 = 0;
    int u1 = 0;
    if (off0 && off1) {
      if (first && mel.decode() == 1) {
        int p0 = prefix();
        int p1 = prefix();
        u0 = 2 + p0 + suffix(p0);
        u1 = 2 + p1 + suffix(p1);
      } else {
        int p0 = prefix();
        if (first && p0 > 2) {
          u1 = 1 + vlc.read(1);
          u0 = p0 + suffix(p0);
        } else {
          int p1 = prefix();
          u0 = p0 + suffix(p0);
          u1 = p1 + suffix(p1);
        }
      }
    } else if (off0) {
      int p0 = prefix();
      u0 = p0 + suffix(p0);
    } else if (off1) {
      int p1 = prefix();
      u1 = p1 + suffix(p1);
    }
    u[qx] = u0;
    if (second) {
      u[qx + 1] = u1;
    }
  }

  /** U-VLC prefix: "1" → 1, "01" → 2, "001" → 3, "000" → 5 (bits LSB first). */
  private int prefix() {
    int bits = vlc.peek(3);
    if ((bits & 1) != 0) {
      vlc.advance(1);
      return 1;
    }
    if ((bits & 2) != 0) {
      vlc.advance(2);
      return 2;
    }
    vlc.advance(3);
    return (bits & 4) != 0 ? 3 : 5;
  }

  private int suffix(int prefix) {
    return prefix == 3 ? vlc.read(1) : prefix == 5 ? vlc.read(5) : 0;
  }
}
