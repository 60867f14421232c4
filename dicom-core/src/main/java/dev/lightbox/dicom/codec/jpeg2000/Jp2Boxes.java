package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/**
 * Finds the contiguous codestream box ('jp2c') of a JP2 file (ISO/IEC 15444-1 Annex I). DICOM
 * requires a bare codestream (PS3.5 §A.4.4) but some writers wrap it anyway.
 */
final class Jp2Boxes {
  private Jp2Boxes() {}

  private static final int SIGNATURE = 0x6A502020;
  private static final int JP2C = 0x6A703263;

  static boolean isJp2(byte[] d, int off, int len) {
    return len >= 12 && u32(d, off) == 12 && u32(d, off + 4) == SIGNATURE;
  }

  /** {offset, length} of the codestream inside the JP2 boxes. */
  static int[] codestream(byte[] d, int off, int len) throws CodecException {
    int pos = off;
    int end = off + len;
    while (pos + 8 <= end) {
      long size = u32(d, pos) & 0xFFFFFFFFL;
      int type = u32(d, pos + 4);
      int header = 8;
      if (size == 1) {
        if (pos + 16 > end) {
          break;
        }
        size = (long) u32(d, pos + 8) << 32 | (u32(d, pos + 12) & 0xFFFFFFFFL);
        header = 16;
      } else if (size == 0) {
        size = end - pos;
      }
      if (size < header || size > end - pos) {
        throw J2kException.at("JP2 box", pos - off, "box size " + size + " exceeds the "
            + (end - pos) + " bytes left");
      }
      if (type == JP2C) {
        return new int[] {pos + header, (int) size - header};
      }
      pos += (int) size;
    }
    throw J2kException.at("JP2 box", pos - off, "no contiguous codestream box (jp2c)");
  }

  private static int u32(byte[] d, int i) {
    return (d[i] & 0xFF) << 24 | (d[i + 1] & 0xFF) << 16 | (d[i + 2] & 0xFF) << 8
        | (d[i + 3] & 0xFF);
  }
}
