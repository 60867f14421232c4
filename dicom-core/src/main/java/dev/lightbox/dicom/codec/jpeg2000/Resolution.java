package dev.lightbox.dicom.codec.jpeg2000;

/**
 * Resolution level r of a tile-component (ISO/IEC 15444-1 §B.5, B-14) with its subbands and its
 * precinct partition (§B.6, B-16).
 */
final class Resolution {
  final int level;
  final int x0;
  final int y0;
  final int x1;
  final int y1;
  final int precinctWidthExp;
  final int precinctHeightExp;
  final int precinctsWide;
  final int precinctsHigh;
  final Subband[] bands;
  private final Precinct[] precincts;

  Resolution(int level, int x0, int y0, int x1, int y1, int ppx, int ppy, Subband[] bands) {
    this.level = level;
    this.x0 = x0;
    this.y0 = y0;
    this.x1 = x1;
    this.y1 = y1;
    this.precinctWidthExp = ppx;
    this.precinctHeightExp = ppy;
    this.precinctsWide = x1 > x0 ? ceilShift(x1, ppx) - (x0 >> ppx) : 0;
    this.precinctsHigh = y1 > y0 ? ceilShift(y1, ppy) - (y0 >> ppy) : 0;
    this.bands = bands;
    this.precincts = new Precinct[precinctsWide * precinctsHigh];
  }

  static int ceilShift(int v, int shift) {
    return (int) (((long) v + (1L << shift) - 1) >> shift);
  }

  int precinctCount() {
    return precincts.length;
  }

  int width() {
    return x1 - x0;
  }

  int height() {
    return y1 - y0;
  }

  /** The precinct with raster index p, its code-block ranges and tag trees built on first use. */
  Precinct precinct(int p) {
    Precinct pr = precincts[p];
    if (pr != null) {
      return pr;
    }
    pr = new Precinct(bands.length);
    int px = p % precinctsWide + (x0 >> precinctWidthExp);
    int py = p / precinctsWide + (y0 >> precinctHeightExp);
    // Precinct edges in subband coordinates: a level above 0 halves them (B.6).
    int ex = level == 0 ? precinctWidthExp : precinctWidthExp - 1;
    int ey = level == 0 ? precinctHeightExp : precinctHeightExp - 1;
    for (int b = 0; b < bands.length; b++) {
      Subband band = bands[b];
      if (band.empty()) {
        pr.inclusion[b] = new TagTree(1, 1);
        pr.zeroBitplanes[b] = new TagTree(1, 1);
        continue;
      }
      long bx0 = (long) px << ex;
      long by0 = (long) py << ey;
      long bx1 = bx0 + (1L << ex);
      long by1 = by0 + (1L << ey);
      int cx0 = (int) Math.max(band.gridX0, bx0 >> band.blockWidthExp);
      int cy0 = (int) Math.max(band.gridY0, by0 >> band.blockHeightExp);
      int cx1 = (int) Math.min(band.gridX0 + band.blocksWide,
          (bx1 + (1L << band.blockWidthExp) - 1) >> band.blockWidthExp);
      int cy1 = (int) Math.min(band.gridY0 + band.blocksHigh,
          (by1 + (1L << band.blockHeightExp) - 1) >> band.blockHeightExp);
      // Blocks must also lie inside the band: a precinct outside it holds none.
      if (bx0 >= band.x1 || by0 >= band.y1 || bx1 <= band.x0 || by1 <= band.y0) {
        cx1 = cx0;
        cy1 = cy0;
      }
      pr.gx0[b] = cx0;
      pr.gy0[b] = cy0;
      pr.gx1[b] = Math.max(cx0, cx1);
      pr.gy1[b] = Math.max(cy0, cy1);
      int w = Math.max(1, pr.gx1[b] - cx0);
      int h = Math.max(1, pr.gy1[b] - cy0);
      pr.inclusion[b] = new TagTree(w, h);
      pr.zeroBitplanes[b] = new TagTree(w, h);
    }
    precincts[p] = pr;
    return pr;
  }
}
