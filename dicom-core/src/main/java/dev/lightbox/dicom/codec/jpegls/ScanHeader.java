package dev.lightbox.dicom.codec.jpegls;

/**
 * SOS header of a JPEG-LS scan (ITU-T T.87 §C.2.3): the frame component indices it codes, NEAR
 * and the interleave mode (0 none, 1 line, 2 sample).
 */
record ScanHeader(int[] componentIndices, int near, int interleave) {
  static final int ILV_NONE = 0;
  static final int ILV_LINE = 1;
  static final int ILV_SAMPLE = 2;
}
