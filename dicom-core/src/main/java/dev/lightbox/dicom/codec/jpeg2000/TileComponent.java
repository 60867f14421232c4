package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/**
 * One component of one tile (ISO/IEC 15444-1 §B.3, B-12): its area on the component grid, its
 * resolutions, subbands and code-block grids, built from SIZ and the tile's COD/COC/QCD/QCC.
 */
final class TileComponent {
  final int index;
  final int x0;
  final int y0;
  final int x1;
  final int y1;
  final int dx;
  final int dy;
  final int precision;
  final boolean signed;
  final CodingStyle style;
  final Quantization quantization;
  final int roiShift;
  final Resolution[] resolutions;

  private TileComponent(int index, int x0, int y0, int x1, int y1, ImageSize.Component comp,
      CodingStyle style, Quantization q, int roiShift, Resolution[] resolutions) {
    this.index = index;
    this.x0 = x0;
    this.y0 = y0;
    this.x1 = x1;
    this.y1 = y1;
    this.dx = comp.dx();
    this.dy = comp.dy();
    this.precision = comp.precision();
    this.signed = comp.signed();
    this.style = style;
    this.quantization = q;
    this.roiShift = roiShift;
    this.resolutions = resolutions;
  }

  int width() {
    return x1 - x0;
  }

  int height() {
    return y1 - y0;
  }

  /**
   * Builds the geometry of component c for the tile whose reference-grid area is [tx0, tx1) x
   * [ty0, ty1), counting code-blocks and precincts against the limit before creating any.
   *
   * @param budget code-blocks and precincts still allowed in this tile; the count is subtracted
   */
  static TileComponent build(int c, int tx0, int ty0, int tx1, int ty1, ImageSize siz,
      CodingParameters p, long[] budget, int offset) throws CodecException {
    ImageSize.Component comp = siz.components()[c];
    int cx0 = (int) ImageSize.ceilDiv(tx0, comp.dx());
    int cy0 = (int) ImageSize.ceilDiv(ty0, comp.dy());
    int cx1 = (int) ImageSize.ceilDiv(tx1, comp.dx());
    int cy1 = (int) ImageSize.ceilDiv(ty1, comp.dy());
    CodingStyle style = p.styles[c];
    Quantization q = p.quantizations[c];
    int levels = style.levels();
    Resolution[] res = new Resolution[levels + 1];
    for (int r = 0; r <= levels; r++) {
      int scale = levels - r;
      int rx0 = ceilShift(cx0, scale);
      int ry0 = ceilShift(cy0, scale);
      int rx1 = ceilShift(cx1, scale);
      int ry1 = ceilShift(cy1, scale);
      int ppx = style.precinctWidthExp(r);
      int ppy = style.precinctHeightExp(r);
      int xcb = Math.min(style.blockWidthExp(), r == 0 ? ppx : ppx - 1);
      int ycb = Math.min(style.blockHeightExp(), r == 0 ? ppy : ppy - 1);
      Subband[] bands;
      if (r == 0) {
        bands = new Subband[] {new Subband(0, rx0, ry0, rx1, ry1, xcb, ycb)};
      } else {
        int level = levels - r + 1;
        bands = new Subband[3];
        for (int o = 1; o <= 3; o++) {
          int xob = o & 1;
          int yob = o >> 1;
          long half = 1L << (level - 1);
          int bx0 = (int) ceilDivPow2(cx0 - half * xob, level);
          int by0 = (int) ceilDivPow2(cy0 - half * yob, level);
          int bx1 = (int) ceilDivPow2(cx1 - half * xob, level);
          int by1 = (int) ceilDivPow2(cy1 - half * yob, level);
          long blocks = count(bx0, bx1, xcb) * count(by0, by1, ycb);
          spend(budget, blocks, offset);
          bands[o - 1] = new Subband(o, bx0, by0, bx1, by1, xcb, ycb);
        }
      }
      if (r == 0) {
        spend(budget, count(rx0, rx1, xcb) * count(ry0, ry1, ycb), offset);
      }
      long precincts = (rx1 > rx0 ? (long) ceilShift(rx1, ppx) - (rx0 >> ppx) : 0)
          * (ry1 > ry0 ? (long) ceilShift(ry1, ppy) - (ry0 >> ppy) : 0);
      spend(budget, precincts, offset);
      res[r] = new Resolution(r, rx0, ry0, rx1, ry1, ppx, ppy, bands);
    }
    TileComponent tc = new TileComponent(c, cx0, cy0, cx1, cy1, comp, style, q, p.roiShift[c],
        res);
    tc.assignBandParameters();
    return tc;
  }

  /** Buffer offsets (Mallat layout), M_b (E-2) and step sizes (E-3) of every subband. */
  private void assignBandParameters() throws CodecException {
    int levels = style.levels();
    for (int r = 0; r <= levels; r++) {
      Resolution res = resolutions[r];
      for (Subband b : res.bands) {
        int index;
        int level;
        if (r == 0) {
          index = 0;
          level = levels;
        } else {
          index = 1 + 3 * (r - 1) + (b.orientation - 1);
          level = levels - r + 1;
          Resolution lower = resolutions[r - 1];
          b.bufferX = (b.orientation & 1) != 0 ? lower.width() : 0;
          b.bufferY = (b.orientation & 2) != 0 ? lower.height() : 0;
        }
        int eps = quantization.exponent(index, levels, level);
        b.magnitudeBits = quantization.guardBits() + eps - 1;
        if (!style.reversible()) {
          // The 9-7 synthesis below folds the high-pass gains into its scaling (as OpenJPEG
          // does), so the nominal range R_b is the component precision for every band.
          b.step = (float) ((1.0 + quantization.mantissa(index) / 2048.0)
              * Math.pow(2.0, precision - eps));
        }
      }
    }
  }

  private static void spend(long[] budget, long n, int offset) throws CodecException {
    budget[0] -= n;
    if (budget[0] < 0) {
      throw J2kException.at("COD/COC", offset,
          "tile needs more code-blocks and precincts than the limit allows");
    }
  }

  private static long count(int a0, int a1, int exp) {
    return a1 > a0 ? ((long) (a1 - 1) >> exp) - (a0 >> exp) + 1 : 0;
  }

  static int ceilShift(int v, int shift) {
    return (int) -((-(long) v) >> shift);
  }

  private static long ceilDivPow2(long v, int shift) {
    return -((-v) >> shift);
  }
}
