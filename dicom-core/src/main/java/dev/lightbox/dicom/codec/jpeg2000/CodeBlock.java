package dev.lightbox.dicom.codec.jpeg2000;

/**
 * One code-block's state across packets (ISO/IEC 15444-1 §B.7, §B.10): where it lies in its
 * subband, whether it has been included yet, its zero bit-planes, Lblock, and the codeword
 * segments (bytes and coding passes) collected from every layer.
 */
final class CodeBlock {
  final int x0;
  final int y0;
  final int x1;
  final int y1;
  boolean included;
  int zeroBitplanes;
  int lblock = 3;
  int passes;
  int segmentCount;
  int[] segmentPasses = new int[4];
  int[] segmentLengths = new int[4];
  byte[] data = EMPTY;
  int length;

  private static final byte[] EMPTY = new byte[0];

  CodeBlock(int x0, int y0, int x1, int y1) {
    this.x0 = x0;
    this.y0 = y0;
    this.x1 = x1;
    this.y1 = y1;
  }

  int width() {
    return x1 - x0;
  }

  int height() {
    return y1 - y0;
  }

  void newSegment() {
    if (segmentCount == segmentPasses.length) {
      segmentPasses = java.util.Arrays.copyOf(segmentPasses, segmentCount * 2);
      segmentLengths = java.util.Arrays.copyOf(segmentLengths, segmentCount * 2);
    }
    segmentCount++;
  }

  void append(byte[] src, int offset, int n) {
    if (length + n > data.length) {
      data = java.util.Arrays.copyOf(data, Math.max(length + n, data.length * 2));
    }
    System.arraycopy(src, offset, data, length, n);
    length += n;
  }
}
