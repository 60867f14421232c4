package dev.lightbox.dicom.codec.jpeg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Wraps one lossless JPEG stream into a minimal Part 10 file (PS3.10 §7.1 meta header, Explicit VR
 * Little Endian dataset, PS3.5 §A.4 encapsulated pixel data with an empty Basic Offset Table) so
 * dcmtk's {@code dcmdjpeg} can decode it as the oracle.
 */
final class LosslessTestFiles {
  private LosslessTestFiles() {}

  static void write(Path file, byte[] jpeg, int width, int height, int components, int bits,
      String syntaxUid) throws IOException {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
    element(meta, 0x0002, 0x0002, "UI", uid("1.2.840.10008.5.1.4.1.1.7"));
    element(meta, 0x0002, 0x0003, "UI", uid("1.2.826.0.1.3680043.10.1399.5.1"));
    element(meta, 0x0002, 0x0010, "UI", uid(syntaxUid));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    element(out, 0x0002, 0x0000, "UL", le32(meta.size()));
    out.writeBytes(meta.toByteArray());
    element(out, 0x0008, 0x0016, "UI", uid("1.2.840.10008.5.1.4.1.1.7"));
    element(out, 0x0008, 0x0018, "UI", uid("1.2.826.0.1.3680043.10.1399.5.1"));
    element(out, 0x0028, 0x0002, "US", le16(components));
    element(out, 0x0028, 0x0004, "CS", text(components == 3 ? "RGB" : "MONOCHROME2"));
    if (components == 3) {
      element(out, 0x0028, 0x0006, "US", le16(0));
    }
    element(out, 0x0028, 0x0010, "US", le16(height));
    element(out, 0x0028, 0x0011, "US", le16(width));
    element(out, 0x0028, 0x0100, "US", le16(bits <= 8 ? 8 : 16));
    element(out, 0x0028, 0x0101, "US", le16(bits));
    element(out, 0x0028, 0x0102, "US", le16(bits - 1));
    element(out, 0x0028, 0x0103, "US", le16(0));
    // (7FE0,0010) OB undefined length: empty offset table item, one fragment, delimiter.
    out.writeBytes(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0, 'O', 'B', 0, 0, -1, -1, -1, -1});
    item(out, new byte[0]);
    item(out, jpeg.length % 2 == 0 ? jpeg : java.util.Arrays.copyOf(jpeg, jpeg.length + 1));
    out.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0});
    Files.write(file, out.toByteArray());
  }

  private static void item(ByteArrayOutputStream out, byte[] value) {
    out.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, (byte) 0xE0});
    out.writeBytes(le32(value.length));
    out.writeBytes(value);
  }

  private static void element(ByteArrayOutputStream out, int group, int elem, String vr,
      byte[] value) {
    out.writeBytes(le16(group));
    out.writeBytes(le16(elem));
    out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
    if (vr.equals("OB")) {
      out.writeBytes(new byte[2]);
      out.writeBytes(le32(value.length));
    } else {
      out.writeBytes(le16(value.length));
    }
    out.writeBytes(value);
  }

  private static byte[] uid(String uid) {
    byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
    return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
  }

  private static byte[] text(String s) {
    return (s.length() % 2 == 0 ? s : s + " ").getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] le16(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8)};
  }

  private static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
  }
}
