package dev.lightbox.bench.jpeg2000;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a JPEG 2000 Lossless (…4.90) multi-frame Part 10 file: the same codestream as every
 * frame, one fragment per frame and an empty Basic Offset Table (PS3.5 §A.4), so finding frame N
 * must walk the fragment items rather than jump through an offset table.
 */
final class EncapsulatedMultiFrame {
  private EncapsulatedMultiFrame() {}

  static void write(Path path, byte[] codestream, int rows, int columns, int bits,
      boolean signed, int frames) throws IOException {
    byte[] frame = codestream.length % 2 == 0 ? codestream
        : java.util.Arrays.copyOf(codestream, codestream.length + 1);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
      out.write(new byte[128]);
      out.write("DICM".getBytes(StandardCharsets.US_ASCII));
      byte[] ts = "1.2.840.10008.1.2.4.90\0".getBytes(StandardCharsets.US_ASCII);
      element(out, 0x00020000, "UL", le(8 + ts.length, 4));
      element(out, 0x00020010, "UI", ts);
      element(out, 0x00280002, "US", le(1, 2));
      element(out, 0x00280004, "CS", ascii("MONOCHROME2 "));
      String n = Integer.toString(frames);
      element(out, 0x00280008, "IS", ascii(n.length() % 2 == 0 ? n : n + " "));
      element(out, 0x00280010, "US", le(rows, 2));
      element(out, 0x00280011, "US", le(columns, 2));
      element(out, 0x00280100, "US", le(16, 2));
      element(out, 0x00280101, "US", le(bits, 2));
      element(out, 0x00280102, "US", le(bits - 1, 2));
      element(out, 0x00280103, "US", le(signed ? 1 : 0, 2));
      out.write(le(0x7FE0, 2));
      out.write(le(0x0010, 2));
      out.write(ascii("OB"));
      out.write(new byte[2]);
      out.write(le(0xFFFFFFFFL, 4));
      item(out, 0);
      for (int f = 0; f < frames; f++) {
        item(out, frame.length);
        out.write(frame);
      }
      out.write(le(0xFFFE, 2));
      out.write(le(0xE0DD, 2));
      out.write(le(0, 4));
    }
  }

  private static void item(OutputStream out, int length) throws IOException {
    out.write(le(0xFFFE, 2));
    out.write(le(0xE000, 2));
    out.write(le(length, 4));
  }

  private static void element(OutputStream out, int tag, String vr, byte[] value)
      throws IOException {
    out.write(le(tag >>> 16, 2));
    out.write(le(tag & 0xFFFF, 2));
    out.write(ascii(vr));
    out.write(le(value.length, 2));
    out.write(value);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] le(long v, int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }
}
