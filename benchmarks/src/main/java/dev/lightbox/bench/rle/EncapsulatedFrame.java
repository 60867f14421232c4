package dev.lightbox.bench.rle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark input loader: the fragments of a single-frame encapsulated Part 10 file, concatenated
 * (PS3.5 §A.4). It looks for the last Pixel Data tag with undefined length, so it only suits the
 * generated files it is used with; the real reader lives in dicom-core.
 */
public final class EncapsulatedFrame {
  private EncapsulatedFrame() {}

  /** {@code target/generated-corpus} under the working directory, or {@code -Dlightbox.generated}. */
  public static Path generated(String relative) {
    return Path.of(System.getProperty("lightbox.generated", "target/generated-corpus"))
        .resolve(relative);
  }

  public static byte[] read(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    int p = -1;
    for (int i = b.length - 12; i >= 132; i--) {
      if (b[i] == (byte) 0xE0 && b[i + 1] == 0x7F && b[i + 2] == 0x10 && b[i + 3] == 0
          && b[i + 8] == -1 && b[i + 9] == -1 && b[i + 10] == -1 && b[i + 11] == -1) {
        p = i + 12;
        break;
      }
    }
    if (p < 0) {
      throw new IOException("no encapsulated pixel data in " + file);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean offsetTable = true;
    while (p + 8 <= b.length) {
      int tag = u32(b, p);
      int length = u32(b, p + 4);
      if (tag != 0xE000FFFE) {
        break; // sequence delimiter
      }
      if (!offsetTable) {
        out.write(b, p + 8, length);
      }
      offsetTable = false;
      p += 8 + length;
    }
    return out.toByteArray();
  }

  private static int u32(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
  }
}
