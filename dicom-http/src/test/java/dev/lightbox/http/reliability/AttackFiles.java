package dev.lightbox.http.reliability;

import static dev.lightbox.http.reliability.GeneratedDicom.element;
import static dev.lightbox.http.reliability.GeneratedDicom.le16;
import static dev.lightbox.http.reliability.GeneratedDicom.le32;
import static dev.lightbox.http.reliability.GeneratedDicom.text;
import static dev.lightbox.http.reliability.GeneratedDicom.uidBytes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** The inputs of the issue-19 review, built in code (Explicit/Implicit VR LE, PS3.5 §7.1). */
final class AttackFiles {
  static final String IMPLICIT_LE = "1.2.840.10008.1.2";
  static final String DEFLATED = "1.2.840.10008.1.2.1.99";

  private AttackFiles() {}

  /**
   * A header with a Content Sequence (0040,A730) of {@code items} items, each holding one Code
   * Value (0008,0100): 18 bytes per item, so a million items is an 18 MB upload. With {@code
   * oddLength} each value is 3 bytes, a defect the lenient reader tolerates and reports once per
   * item (PS3.5 §7.1.1 requires even lengths).
   */
  static byte[] sequenceOfItems(String uid, int items, boolean oddLength) {
    ByteArrayOutputStream ds = new ByteArrayOutputStream(items * 19 + 1024);
    identity(ds, uid);
    ds.writeBytes(le16(0x0040));
    ds.writeBytes(le16(0xA730));
    ds.writeBytes("SQ".getBytes(StandardCharsets.US_ASCII));
    ds.writeBytes(new byte[2]);
    ds.writeBytes(le32(0xFFFFFFFFL));
    byte[] value = oddLength ? "ABC".getBytes(StandardCharsets.US_ASCII) : text("X");
    for (int i = 0; i < items; i++) {
      ds.writeBytes(le16(0xFFFE));
      ds.writeBytes(le16(0xE000));
      ds.writeBytes(le32(8 + value.length));
      element(ds, 0x0008, 0x0100, "SH", value);
    }
    ds.writeBytes(le16(0xFFFE));
    ds.writeBytes(le16(0xE0DD));
    ds.writeBytes(le32(0));
    return part10(uid, GeneratedDicom.EXPLICIT_LE, ds.toByteArray());
  }

  /**
   * Implicit VR LE (4-byte lengths, so a LO may claim any length) with a Study Description
   * (0008,1030, LO: 64 characters at most, PS3.5 Table 6.2-1) of {@code bytes} bytes, written to
   * {@code file} without holding it in memory.
   */
  static Path implicitWithLongString(String uid, long bytes, Path file) throws IOException {
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      implicit(head, 0x0008, 0x0016, uidBytes(GeneratedDicom.SECONDARY_CAPTURE));
      implicit(head, 0x0008, 0x0018, uidBytes(uid));
      head.writeBytes(le16(0x0008));
      head.writeBytes(le16(0x1030));
      head.writeBytes(le32(bytes));
      out.write(part10(uid, IMPLICIT_LE, head.toByteArray()));
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'A');
      for (long left = bytes; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      ByteArrayOutputStream tail = new ByteArrayOutputStream();
      implicit(tail, 0x0020, 0x000D, uidBytes(uid + ".1"));
      implicit(tail, 0x0020, 0x000E, uidBytes(uid + ".2"));
      out.write(tail.toByteArray());
    }
    return file;
  }

  /**
   * Deflated Explicit VR LE (PS3.5 §A.5) whose dataset holds the identity elements, then a
   * private (0011,1010) value of {@code vr} with {@code mib} MiB that deflates at about 188:1,
   * just under the 200:1 ratio guard (5 random bytes in every 4 KiB of zeros).
   */
  static byte[] deflatedLargeValue(String uid, String vr, int mib) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    identity(head, uid);
    element(head, 0x0011, 0x0010, "LO", text("ATTACK"));
    head.writeBytes(le16(0x0011));
    head.writeBytes(le16(0x1010));
    head.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
    head.writeBytes(new byte[2]);
    head.writeBytes(le32((long) mib << 20));
    return deflated(uid, head.toByteArray(), (long) mib << 20, new byte[0]);
  }

  /**
   * A deflated 1024×1024 16-bit image of {@code frames} frames whose pixel data (about {@code
   * frames × 2} MiB) deflates at about 188:1: the header is tiny (ingest reads only the header)
   * but every render of the old code inflated the whole dataset.
   */
  static byte[] deflatedMultiFrame(String uid, int frames) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    identity(head, uid);
    element(head, 0x0028, 0x0002, "US", le16(1));
    element(head, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
    element(head, 0x0028, 0x0008, "IS", text(Integer.toString(frames)));
    element(head, 0x0028, 0x0010, "US", le16(1024));
    element(head, 0x0028, 0x0011, "US", le16(1024));
    element(head, 0x0028, 0x0100, "US", le16(16));
    element(head, 0x0028, 0x0101, "US", le16(12));
    element(head, 0x0028, 0x0102, "US", le16(11));
    element(head, 0x0028, 0x0103, "US", le16(0));
    long pixels = 1024L * 1024 * 2 * frames;
    head.writeBytes(le16(0x7FE0));
    head.writeBytes(le16(0x0010));
    head.writeBytes("OW".getBytes(StandardCharsets.US_ASCII));
    head.writeBytes(new byte[2]);
    head.writeBytes(le32(pixels));
    return deflated(uid, head.toByteArray(), pixels, new byte[0]);
  }

  private static byte[] deflated(String uid, byte[] head, long sparseBytes, byte[] tail)
      throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true); // raw deflate, no zlib
    try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, deflater, 64 * 1024)) {
      out.write(head);
      Random random = new Random(19);
      byte[] block = new byte[4096];
      for (long left = sparseBytes; left > 0; left -= block.length) {
        java.util.Arrays.fill(block, (byte) 0);
        for (int i = 0; i < 5; i++) {
          block[random.nextInt(block.length)] = (byte) (random.nextInt(255) + 1);
        }
        out.write(block, 0, (int) Math.min(block.length, left));
      }
      out.write(tail);
    } finally {
      deflater.end();
    }
    return part10(uid, DEFLATED, compressed.toByteArray());
  }

  private static void identity(ByteArrayOutputStream out, String uid) {
    element(out, 0x0008, 0x0016, "UI", uidBytes(GeneratedDicom.SECONDARY_CAPTURE));
    element(out, 0x0008, 0x0018, "UI", uidBytes(uid));
    element(out, 0x0008, 0x0060, "CS", text("OT"));
    element(out, 0x0010, 0x0020, "LO", text("ATTACK"));
    element(out, 0x0020, 0x000D, "UI", uidBytes(uid + ".1"));
    element(out, 0x0020, 0x000E, "UI", uidBytes(uid + ".2"));
  }

  private static void implicit(ByteArrayOutputStream out, int group, int elem, byte[] value) {
    out.writeBytes(le16(group));
    out.writeBytes(le16(elem));
    out.writeBytes(le32(value.length));
    out.writeBytes(value);
  }

  static byte[] part10(String uid, String ts, byte[] dataset) {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
    element(meta, 0x0002, 0x0002, "UI", uidBytes(GeneratedDicom.SECONDARY_CAPTURE));
    element(meta, 0x0002, 0x0003, "UI", uidBytes(uid));
    element(meta, 0x0002, 0x0010, "UI", uidBytes(ts));
    element(meta, 0x0002, 0x0012, "UI", uidBytes("2.25.4242.1"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    element(out, 0x0002, 0x0000, "UL", le32(meta.size()));
    out.writeBytes(meta.toByteArray());
    out.writeBytes(dataset);
    return out.toByteArray();
  }
}
