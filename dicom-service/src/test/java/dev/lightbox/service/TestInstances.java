package dev.lightbox.service;

import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.testing.DicomBytes;
import java.util.Arrays;

/** Small native-pixel instances built in code for the service tests (PS3.3 C.7.6.3 Image Pixel). */
final class TestInstances {
  static final String STUDY = "1.2.826.0.1.3680043.9.7.1";
  static final String SERIES = "1.2.826.0.1.3680043.9.7.1.1";
  static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
  /** A private OB value above the 1 KiB inline limit, so the metadata keeps it as bulk data. */
  static final int PRIVATE_BLOB = 0x00091010;

  private TestInstances() {}

  /** A {@code rows}×{@code columns} 16-bit MONOCHROME2 CT of {@code frames} frames, pixel value {@code seed + frame}. */
  static byte[] ct(String sopUid, int rows, int columns, int frames, int seed) {
    return ct(sopUid, rows, columns, frames, seed, "Doe^Jane");
  }

  /** The same CT with the given Patient's Name value, byte for byte as written. */
  static byte[] ct(String sopUid, int rows, int columns, int frames, int seed,
      String patientName) {
    byte[] pixels = new byte[rows * columns * 2 * frames];
    for (int f = 0; f < frames; f++) {
      for (int i = 0; i < rows * columns; i++) {
        int v = (seed + f * 100 + i) & 0x0FFF;
        int at = (f * rows * columns + i) * 2;
        pixels[at] = (byte) v;
        pixels[at + 1] = (byte) (v >> 8);
      }
    }
    byte[] privateBlob = new byte[4000];
    Arrays.fill(privateBlob, (byte) (seed & 0x7F));
    return DicomBytes.part10(DicomBytes.EXPLICIT_LE)
        .string(0x00080016, Vr.UI, CT_IMAGE_STORAGE)
        .string(0x00080018, Vr.UI, sopUid)
        .string(0x00080020, Vr.DA, "20240131")
        .string(0x00080060, Vr.CS, "CT")
        .string(0x00090010, Vr.LO, "LIGHTBOX TEST")
        .bytes(PRIVATE_BLOB, Vr.OB, privateBlob)
        .string(0x00100010, Vr.PN, patientName)
        .string(0x00100020, Vr.LO, "PID-" + (seed % 3))
        .string(0x0020000D, Vr.UI, STUDY)
        .string(0x0020000E, Vr.UI, SERIES)
        .us(0x00280002, 1)
        .string(0x00280004, Vr.CS, "MONOCHROME2")
        .string(0x00280008, Vr.IS, Integer.toString(frames))
        .us(0x00280010, rows)
        .us(0x00280011, columns)
        .us(0x00280100, 16)
        .us(0x00280101, 12)
        .us(0x00280102, 11)
        .us(0x00280103, 0)
        .bytes(0x7FE00010, Vr.OW, pixels)
        .toByteArray();
  }
}
