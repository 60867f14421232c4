package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/**
 * The SIZ marker segment (ISO/IEC 15444-1 §A.5.1): reference grid, tiling and components.
 *
 * @param rsiz capabilities; bit 14 set means Part 15 (HTJ2K) tools may be used
 */
record ImageSize(int rsiz, int x1, int y1, int x0, int y0, int tileWidth, int tileHeight,
    int tileX0, int tileY0, Component[] components) {

  /** Ssiz, XRsiz, YRsiz of one component. */
  record Component(int precision, boolean signed, int dx, int dy) {}

  static ImageSize read(ByteCursor in) throws CodecException {
    in.within("SIZ");
    int start = in.position();
    int length = in.u16();
    int rsiz = in.u16();
    long[] v = new long[8];
    for (int i = 0; i < 8; i++) {
      v[i] = in.u32();
    }
    int count = in.u16();
    if (count < 1 || count > 16384 || length != 38 + 3 * count) {
      throw J2kException.at("SIZ", start, "Csiz " + count + " with Lsiz " + length);
    }
    for (long value : v) {
      if (value > Integer.MAX_VALUE) {
        throw J2kException.at("SIZ", start, "grid coordinate " + value + " exceeds 2^31-1");
      }
    }
    Component[] comps = new Component[count];
    for (int c = 0; c < count; c++) {
      int ssiz = in.u8();
      int dx = in.u8();
      int dy = in.u8();
      int precision = (ssiz & 0x7F) + 1;
      if (precision > 16 || dx == 0 || dy == 0) {
        throw J2kException.at("SIZ", in.position() - 3, "component " + c + " has precision "
            + precision + " and subsampling " + dx + "x" + dy + " (supported: 1-16 bits, >0)");
      }
      comps[c] = new Component(precision, (ssiz & 0x80) != 0, dx, dy);
    }
    ImageSize siz = new ImageSize(rsiz, (int) v[0], (int) v[1], (int) v[2], (int) v[3],
        (int) v[4], (int) v[5], (int) v[6], (int) v[7], comps);
    if (siz.x0 >= siz.x1 || siz.y0 >= siz.y1 || siz.tileWidth == 0 || siz.tileHeight == 0
        || siz.tileX0 > siz.x0 || siz.tileY0 > siz.y0
        || (long) siz.tileX0 + siz.tileWidth <= siz.x0
        || (long) siz.tileY0 + siz.tileHeight <= siz.y0) {
      throw J2kException.at("SIZ", start, "inconsistent grid: image (" + siz.x0 + "," + siz.y0
          + ")-(" + siz.x1 + "," + siz.y1 + "), tiles " + siz.tileWidth + "x" + siz.tileHeight
          + " at (" + siz.tileX0 + "," + siz.tileY0 + ")");
    }
    for (int c = 0; c < count; c++) {
      // B-5: a component's extent is ceil(x1/XRsiz) - ceil(x0/XRsiz); a subsampling step wider
      // than the image region can leave it with no sample at all, which no decoded image holds.
      if (siz.componentWidth(c) < 1 || siz.componentHeight(c) < 1) {
        throw J2kException.at("SIZ", start, "component " + c + " has no samples: subsampling "
            + comps[c].dx() + "x" + comps[c].dy() + " over the image region (" + siz.x0 + ","
            + siz.y0 + ")-(" + siz.x1 + "," + siz.y1 + ")");
      }
    }
    return siz;
  }

  int tilesX() {
    return (int) ceilDiv((long) x1 - tileX0, tileWidth);
  }

  int tilesY() {
    return (int) ceilDiv((long) y1 - tileY0, tileHeight);
  }

  /** Width of component c on its own (subsampled) grid, B-5. */
  int componentWidth(int c) {
    int dx = components[c].dx;
    return (int) (ceilDiv(x1, dx) - ceilDiv(x0, dx));
  }

  int componentHeight(int c) {
    int dy = components[c].dy;
    return (int) (ceilDiv(y1, dy) - ceilDiv(y0, dy));
  }

  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
