package dev.lightbox.http.reliability;

import static dev.lightbox.http.reliability.GeneratedDicom.element;
import static dev.lightbox.http.reliability.GeneratedDicom.le16;
import static dev.lightbox.http.reliability.GeneratedDicom.le32;
import static dev.lightbox.http.reliability.GeneratedDicom.text;
import static dev.lightbox.http.reliability.GeneratedDicom.uidBytes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Small files that declare enormous things: decompression bombs built in the test. Each one is a
 * valid Part 10 header whose payload would need gigabytes if a decoder believed it.
 */
final class HostileFiles {
  static final String DEFLATED = "1.2.840.10008.1.2.1.99";
  static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
  static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
  static final String RLE = "1.2.840.10008.1.2.5";

  private HostileFiles() {}

  /**
   * Deflated Explicit VR LE (PS3.5 §A.5) whose dataset inflates to {@code inflatedMib} MiB: a
   * private OB element of zeros compresses about 1000:1.
   */
  static byte[] deflateBomb(String uid, int inflatedMib) {
    ByteArrayOutputStream dataset = new ByteArrayOutputStream();
    commonElements(dataset, uid, 8, 8, 1, 8);
    element(dataset, 0x0011, 0x0010, "LO", text("BOMB"));
    element(dataset, 0x0011, 0x1010, "OB", new byte[inflatedMib << 20]);
    element(dataset, 0x7FE0, 0x0010, "OB", new byte[64]);
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true); // raw deflate, no zlib
    deflater.setInput(dataset.toByteArray());
    deflater.finish();
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    while (!deflater.finished()) {
      compressed.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    return part10(uid, DEFLATED, compressed.toByteArray());
  }

  /** Native pixel data declaring rows×cols×frames while carrying {@code 8} bytes. */
  static byte[] hugeNative(String uid, int rows, int cols, long frames) {
    ByteArrayOutputStream dataset = new ByteArrayOutputStream();
    commonElements(dataset, uid, rows, cols, frames, 16);
    element(dataset, 0x7FE0, 0x0010, "OW", new byte[8]);
    return part10(uid, GeneratedDicom.EXPLICIT_LE, dataset.toByteArray());
  }

  /** An encapsulated file (PS3.5 §A.4) of {@code rows×cols} with one fragment. */
  static byte[] encapsulated(String uid, String ts, int rows, int cols, byte[] fragment) {
    ByteArrayOutputStream dataset = new ByteArrayOutputStream();
    commonElements(dataset, uid, rows, cols, 1, 8);
    dataset.writeBytes(le16(0x7FE0));
    dataset.writeBytes(le16(0x0010));
    dataset.writeBytes("OB".getBytes(StandardCharsets.US_ASCII));
    dataset.writeBytes(new byte[2]);
    dataset.writeBytes(le32(0xFFFFFFFFL));
    item(dataset, new byte[0]); // empty Basic Offset Table
    byte[] even = fragment.length % 2 == 0 ? fragment
        : java.util.Arrays.copyOf(fragment, fragment.length + 1);
    item(dataset, even);
    dataset.writeBytes(le16(0xFFFE));
    dataset.writeBytes(le16(0xE0DD));
    dataset.writeBytes(le32(0));
    return part10(uid, ts, dataset.toByteArray());
  }

  /** JPEG-LS (ITU-T T.87) stream whose SOF55 declares 65535×65535, 8-bit, then junk scan data. */
  static byte[] jpegLsBomb() {
    return jpegWithFrameHeader(0xF7, 8);
  }

  /** Baseline JPEG (ITU-T T.81) stream whose SOF0 declares 65535×65535. */
  static byte[] jpegBaselineBomb() {
    return jpegWithFrameHeader(0xC0, 8);
  }

  private static byte[] jpegWithFrameHeader(int sofMarker, int precision) {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
    s.writeBytes(new byte[] {(byte) 0xFF, (byte) sofMarker, 0, 11, (byte) precision,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 1, 0x11, 0});
    if (sofMarker == 0xC0) {
      // A quantisation and a Huffman table so a decoder gets as far as the scan.
      s.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDB, 0, 67, 0});
      s.writeBytes(filled(64, 1));
      s.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC4, 0, 20, 0, 1});
      s.writeBytes(new byte[15]);
      s.writeBytes(new byte[] {0});
      s.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC4, 0, 20, 0x10, 1});
      s.writeBytes(new byte[15]);
      s.writeBytes(new byte[] {0});
    }
    s.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 0, 0});
    s.writeBytes(filled(512, 0x55));
    s.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return s.toByteArray();
  }

  /**
   * RLE (PS3.5 §G.3) frame of one segment that is all replicate runs: 128 copies per 2 bytes, so
   * the few bytes here expand without bound if the declared size is believed.
   */
  static byte[] rleBomb() {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes(le32(1));
    s.writeBytes(le32(64));
    s.writeBytes(new byte[56]);
    for (int i = 0; i < 2048; i++) {
      s.writeBytes(new byte[] {(byte) -127, 7});
    }
    return s.toByteArray();
  }

  /**
   * A legitimate RLE frame of {@code side×side} 8-bit samples (PS3.5 §G.3.1: replicate runs of
   * 128), about side²/64 bytes: the largest frames the limits allow, in a small upload.
   */
  static byte[] rleLargeFrame(String uid, int side) {
    long samples = (long) side * side;
    ByteArrayOutputStream segment = new ByteArrayOutputStream();
    for (long left = samples; left > 0; left -= 128) {
      int run = (int) Math.min(128, left);
      if (run == 1) {
        segment.writeBytes(new byte[] {0, 42}); // literal run of one
      } else {
        segment.writeBytes(new byte[] {(byte) (1 - run), 42});
      }
    }
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.writeBytes(le32(1));
    frame.writeBytes(le32(64));
    frame.writeBytes(new byte[56]);
    frame.writeBytes(segment.toByteArray());
    return encapsulated(uid, RLE, side, side, frame.toByteArray());
  }

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  private static void item(ByteArrayOutputStream out, byte[] value) {
    out.writeBytes(le16(0xFFFE));
    out.writeBytes(le16(0xE000));
    out.writeBytes(le32(value.length));
    out.writeBytes(value);
  }

  private static void commonElements(ByteArrayOutputStream out, String uid, int rows, int cols,
      long frames, int bits) {
    element(out, 0x0008, 0x0016, "UI", uidBytes(GeneratedDicom.SECONDARY_CAPTURE));
    element(out, 0x0008, 0x0018, "UI", uidBytes(uid));
    element(out, 0x0008, 0x0060, "CS", text("OT"));
    element(out, 0x0010, 0x0020, "LO", text("HOSTILE"));
    element(out, 0x0020, 0x000D, "UI", uidBytes(uid + ".1"));
    element(out, 0x0020, 0x000E, "UI", uidBytes(uid + ".2"));
    element(out, 0x0028, 0x0002, "US", le16(1));
    element(out, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
    if (frames != 1) {
      element(out, 0x0028, 0x0008, "IS", text(Long.toString(frames)));
    }
    element(out, 0x0028, 0x0010, "US", le16(rows));
    element(out, 0x0028, 0x0011, "US", le16(cols));
    element(out, 0x0028, 0x0100, "US", le16(bits));
    element(out, 0x0028, 0x0101, "US", le16(bits));
    element(out, 0x0028, 0x0102, "US", le16(bits - 1));
    element(out, 0x0028, 0x0103, "US", le16(0));
  }

  private static byte[] part10(String uid, String ts, byte[] dataset) {
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
