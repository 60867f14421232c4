package dev.lightbox.dicom.codec.jpeg;

/**
 * One image component of a frame (ITU-T T.81 §B.2.2) and its decoded sample plane, padded to
 * whole MCUs. The plane is allocated when the component's scan starts.
 */
final class JpegComponent {
  final int id;
  final int h;
  final int v;
  final int quantTable;
  /** Component size in samples, ceil(X·h/Hmax) × ceil(Y·v/Vmax) (T.81 §A.1.1). */
  final int width;
  final int height;
  /** Blocks a non-interleaved scan codes (T.81 §A.2.2). */
  final int blocksPerLine;
  final int blocksPerColumn;
  /** Plane dimensions in samples, padded to whole MCUs of the interleaved order. */
  final int stride;
  final int rows;
  short[] plane;
  boolean scanned;

  JpegComponent(int id, int h, int v, int quantTable, int frameWidth, int frameHeight,
      int hMax, int vMax, int mcusPerLine, int mcuRows) {
    this.id = id;
    this.h = h;
    this.v = v;
    this.quantTable = quantTable;
    this.width = ceilDiv(frameWidth * h, hMax);
    this.height = ceilDiv(frameHeight * v, vMax);
    this.blocksPerLine = ceilDiv(width, 8);
    this.blocksPerColumn = ceilDiv(height, 8);
    this.stride = mcusPerLine * h * 8;
    this.rows = mcuRows * v * 8;
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
