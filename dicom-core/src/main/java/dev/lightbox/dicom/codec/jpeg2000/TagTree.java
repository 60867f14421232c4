package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/**
 * A tag tree (ISO/IEC 15444-1 §B.10.2): a quad-tree of lower bounds over a grid of code-blocks,
 * each node's value the minimum of its children, decoded incrementally against thresholds.
 */
final class TagTree {
  private final int[] widths;
  private final int[] heights;
  private final int[] offsets;
  private final int[] low;
  private final boolean[] known;

  TagTree(int width, int height) {
    int levels = 1;
    for (int w = width, h = height; w > 1 || h > 1; w = (w + 1) >> 1, h = (h + 1) >> 1) {
      levels++;
    }
    widths = new int[levels];
    heights = new int[levels];
    offsets = new int[levels];
    int total = 0;
    int w = width;
    int h = height;
    for (int l = 0; l < levels; l++) {
      widths[l] = w;
      heights[l] = h;
      offsets[l] = total;
      total += w * h;
      w = (w + 1) >> 1;
      h = (h + 1) >> 1;
    }
    low = new int[total];
    known = new boolean[total];
  }

  /**
   * Decodes the leaf at (x, y) until its value is known or reaches {@code threshold}.
   *
   * @return the leaf's value when it is below the threshold, else {@code threshold}
   */
  int decode(PacketHeaderBits bits, int x, int y, int threshold) throws CodecException {
    int levels = widths.length;
    int[] path = new int[levels];
    for (int l = 0; l < levels; l++) {
      path[l] = offsets[l] + (y >> l) * widths[l] + (x >> l);
    }
    int floor = 0;
    for (int l = levels - 1; l >= 0; l--) {
      int n = path[l];
      int v = Math.max(low[n], floor);
      while (v < threshold && !known[n]) {
        if (bits.bit() == 1) {
          known[n] = true;
        } else {
          v++;
        }
      }
      low[n] = v;
      floor = v;
    }
    int leaf = path[0];
    return known[leaf] && low[leaf] < threshold ? low[leaf] : threshold;
  }
}
