package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodedImage;

/**
 * The decoded image, one plane per component on its own (possibly subsampled) grid, filled tile
 * by tile with the DC level shift undone (G.1.2) and values clamped to the component's range.
 * Irreversible samples are rounded half to even, as OpenJPEG does.
 */
final class ComponentPlanes {
  final int[][] planes;
  final int[] widths;
  final int[] heights;
  private final int[] originX;
  private final int[] originY;
  private final int[] precision;
  private final boolean[] signed;

  /**
   * @param sizOffset where the SIZ segment starts, for the error when {@code reduce} leaves a
   *     component without samples
   */
  ComponentPlanes(ImageSize siz, int reduce, int sizOffset) throws CodecException {
    int n = siz.components().length;
    planes = new int[n][];
    widths = new int[n];
    heights = new int[n];
    originX = new int[n];
    originY = new int[n];
    precision = new int[n];
    signed = new boolean[n];
    for (int c = 0; c < n; c++) {
      ImageSize.Component comp = siz.components()[c];
      int cx0 = TileComponent.ceilShift((int) ImageSize.ceilDiv(siz.x0(), comp.dx()), reduce);
      int cy0 = TileComponent.ceilShift((int) ImageSize.ceilDiv(siz.y0(), comp.dy()), reduce);
      int cx1 = TileComponent.ceilShift((int) ImageSize.ceilDiv(siz.x1(), comp.dx()), reduce);
      int cy1 = TileComponent.ceilShift((int) ImageSize.ceilDiv(siz.y1(), comp.dy()), reduce);
      originX[c] = cx0;
      originY[c] = cy0;
      widths[c] = cx1 - cx0;
      heights[c] = cy1 - cy0;
      if (widths[c] < 1 || heights[c] < 1) {
        // §B.5: each level rounds the extent's ends up separately, so a narrow component can
        // vanish at a reduced resolution although SIZ gives it samples.
        throw J2kException.at("SIZ", sizOffset, "cannot reduce by " + reduce + " levels: component "
            + c + " would have " + widths[c] + "x" + heights[c] + " samples");
      }
      precision[c] = comp.precision();
      signed[c] = comp.signed();
      planes[c] = new int[widths[c] * heights[c]];
    }
  }

  void place(int c, Resolution res, int stride, Object data, int prec, boolean isSigned) {
    int shift = isSigned ? 0 : 1 << (prec - 1);
    int min = isSigned ? -(1 << (prec - 1)) : 0;
    int max = isSigned ? (1 << (prec - 1)) - 1 : (1 << prec) - 1;
    int[] plane = planes[c];
    int w = res.width();
    int h = res.height();
    int dx = res.x0 - originX[c];
    int dy = res.y0 - originY[c];
    for (int y = 0; y < h; y++) {
      int src = y * stride;
      int dst = (dy + y) * widths[c] + dx;
      if (data instanceof int[] ints) {
        for (int x = 0; x < w; x++) {
          int v = ints[src + x] + shift;
          plane[dst + x] = v < min ? min : v > max ? max : v;
        }
      } else {
        float[] floats = (float[]) data;
        for (int x = 0; x < w; x++) {
          long v = (long) Math.rint(floats[src + x]) + shift;
          plane[dst + x] = (int) (v < min ? min : v > max ? max : v);
        }
      }
    }
  }

  /**
   * Interleaves the planes into one image on component 0's grid; a subsampled component's
   * samples are repeated over the pixels they cover.
   */
  DecodedImage interleave(int maxPrecision) throws CodecException {
    int n = planes.length;
    int w = widths[0];
    int h = heights[0];
    int[] out = new int[w * h * n];
    for (int c = 0; c < n; c++) {
      int[] plane = planes[c];
      int wc = widths[c];
      int hc = heights[c];
      boolean same = wc == w && hc == h;
      for (int y = 0; y < h; y++) {
        int sy = same ? y : Math.min(hc - 1, (int) ((long) y * hc / h));
        for (int x = 0; x < w; x++) {
          int sx = same ? x : Math.min(wc - 1, (int) ((long) x * wc / w));
          out[(y * w + x) * n + c] = plane[sy * wc + sx];
        }
      }
    }
    return new DecodedImage(w, h, n, maxPrecision, out);
  }
}
