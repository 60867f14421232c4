package dev.lightbox.dicom.codec.jpeg2000;

/**
 * A subband of one resolution of a tile-component (ISO/IEC 15444-1 §B.5) with its code-block
 * grid (§B.7), its magnitude bit-planes M_b (E-2) and, for the 9-7 path, its step size.
 *
 * @param orientation 0 LL, 1 HL, 2 LH, 3 HH
 */
final class Subband {
  final int orientation;
  final int x0;
  final int y0;
  final int x1;
  final int y1;
  final int blockWidthExp;
  final int blockHeightExp;
  /** First code-block column and row of the grid anchored at (0, 0). */
  final int gridX0;
  final int gridY0;
  final int blocksWide;
  final int blocksHigh;
  final CodeBlock[] blocks;
  int magnitudeBits;
  float step;
  /** Where the band's samples start in the tile-component buffer (Mallat layout). */
  int bufferX;
  int bufferY;

  Subband(int orientation, int x0, int y0, int x1, int y1, int xcb, int ycb) {
    this.orientation = orientation;
    this.x0 = x0;
    this.y0 = y0;
    this.x1 = x1;
    this.y1 = y1;
    this.blockWidthExp = xcb;
    this.blockHeightExp = ycb;
    if (x1 > x0 && y1 > y0) {
      gridX0 = x0 >> xcb;
      gridY0 = y0 >> ycb;
      blocksWide = ((x1 - 1) >> xcb) - gridX0 + 1;
      blocksHigh = ((y1 - 1) >> ycb) - gridY0 + 1;
    } else {
      gridX0 = 0;
      gridY0 = 0;
      blocksWide = 0;
      blocksHigh = 0;
    }
    blocks = new CodeBlock[blocksWide * blocksHigh];
  }

  boolean empty() {
    return blocksWide == 0;
  }

  /** The code-block at absolute grid position (gx, gy), created on first use. */
  CodeBlock block(int gx, int gy) {
    int i = (gy - gridY0) * blocksWide + (gx - gridX0);
    CodeBlock b = blocks[i];
    if (b == null) {
      int bx0 = Math.max(x0, gx << blockWidthExp);
      int by0 = Math.max(y0, gy << blockHeightExp);
      int bx1 = Math.min(x1, (gx + 1) << blockWidthExp);
      int by1 = Math.min(y1, (gy + 1) << blockHeightExp);
      b = new CodeBlock(bx0, by0, bx1, by1);
      blocks[i] = b;
    }
    return b;
  }
}
