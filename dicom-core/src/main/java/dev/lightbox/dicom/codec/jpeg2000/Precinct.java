package dev.lightbox.dicom.codec.jpeg2000;

/**
 * A precinct of one resolution (ISO/IEC 15444-1 §B.6): per subband, the rectangle of code-blocks
 * it holds and its inclusion and zero-bit-plane tag trees (§B.10.2), created when its first
 * packet is read.
 */
final class Precinct {
  final int[] gx0;
  final int[] gy0;
  final int[] gx1;
  final int[] gy1;
  final TagTree[] inclusion;
  final TagTree[] zeroBitplanes;
  /** The next layer whose packet is expected, to skip repeats across POC progressions. */
  int nextLayer;

  Precinct(int bands) {
    gx0 = new int[bands];
    gy0 = new int[bands];
    gx1 = new int[bands];
    gy1 = new int[bands];
    inclusion = new TagTree[bands];
    zeroBitplanes = new TagTree[bands];
  }
}
