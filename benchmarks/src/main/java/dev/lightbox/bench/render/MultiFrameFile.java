package dev.lightbox.bench.render;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a native explicit VR little endian multi-frame Part 10 file of 16-bit grey frames
 * (12 bits stored, CT rescale and window) for benchmarks; each frame is a shifted gradient.
 */
final class MultiFrameFile {
  private MultiFrameFile() {}

  static void write(Path path, int rows, int columns, int frames) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
      out.write(new byte[128]);
      out.write("DICM".getBytes(StandardCharsets.US_ASCII));
      byte[] ts = "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII);
      element(out, 0x00020000, "UL", le(8 + ts.length, 4));
      element(out, 0x00020010, "UI", ts);
      element(out, 0x00280002, "US", le(1, 2));
      element(out, 0x00280004, "CS", ascii("MONOCHROME2 "));
      element(out, 0x00280008, "IS", ascii(even(Integer.toString(frames))));
      element(out, 0x00280010, "US", le(rows, 2));
      element(out, 0x00280011, "US", le(columns, 2));
      element(out, 0x00280100, "US", le(16, 2));
      element(out, 0x00280101, "US", le(12, 2));
      element(out, 0x00280102, "US", le(11, 2));
      element(out, 0x00280103, "US", le(0, 2));
      element(out, 0x00281050, "DS", ascii("40"));
      element(out, 0x00281051, "DS", ascii("400 "));
      element(out, 0x00281052, "DS", ascii("-1024 "));
      element(out, 0x00281053, "DS", ascii("1 "));
      long length = 2L * rows * columns * frames;
      header(out, 0x7FE00010, "OW", length);
      byte[] frame = new byte[2 * rows * columns];
      for (int f = 0; f < frames; f++) {
        for (int y = 0; y < rows; y++) {
          for (int x = 0; x < columns; x++) {
            int v = ((x + y + f * 3) * 4) & 0x0FFF;
            int p = 2 * (y * columns + x);
            frame[p] = (byte) v;
            frame[p + 1] = (byte) (v >>> 8);
          }
        }
        out.write(frame);
      }
    }
  }

  private static String even(String s) {
    return s.length() % 2 == 0 ? s : s + " ";
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void element(OutputStream out, int tag, String vr, byte[] value)
      throws IOException {
    header(out, tag, vr, value.length);
    out.write(value);
  }

  private static void header(OutputStream out, int tag, String vr, long length)
      throws IOException {
    out.write(le(tag >>> 16, 2));
    out.write(le(tag & 0xFFFF, 2));
    out.write(ascii(vr));
    if (vr.equals("OW") || vr.equals("OB")) {
      out.write(new byte[2]);
      out.write(le(length, 4));
    } else {
      out.write(le(length, 2));
    }
  }

  private static byte[] le(long v, int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }
}
