package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.rle.TestInputs;
import dev.lightbox.dicom.testing.Corpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The codestreams {@code scripts/corpus/j2k.sh} writes to {@code target/generated-corpus/j2k}
 * with OpenJPEG's and OpenJPH's encoders, and their decoders' output as reference. Absent: tests
 * skip locally and fail when {@code CI=true}.
 */
final class GeneratedJ2k {
  private GeneratedJ2k() {}

  /** One manifest line. */
  record Case(String encoded, String reference, String source, int width, int height,
      int components, int precision, boolean signed, String kind) {
    @Override
    public String toString() {
      return encoded;
    }
  }

  static Path dir() {
    return Corpus.repoRoot().resolve("target/generated-corpus/j2k");
  }

  static List<Case> cases() throws IOException {
    Path manifest = dir().resolve("manifest.tsv");
    if (!Files.isRegularFile(manifest)) {
      return List.of();
    }
    return Files.readAllLines(manifest).stream().filter(l -> !l.isBlank()).map(l -> {
      String[] f = l.split("\t");
      return new Case(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]),
          Integer.parseInt(f[5]), Integer.parseInt(f[6]), f[7].equals("s"), f[8]);
    }).toList();
  }

  static void requirePresent() {
    Corpus.requireDirectory(Corpus.generated("j2k"), "generated JPEG 2000 corpus");
    TestInputs.require(Files.isRegularFile(dir().resolve("manifest.tsv")),
        "generated JPEG 2000 corpus has no manifest.tsv at " + dir()
            + "; run scripts/corpus/j2k.sh target/generated-corpus (needs libopenjp2-tools, "
            + "openjph-tools)");
  }

  /**
   * Planar little-endian samples as opj_decompress writes .rawl and the generator writes
   * sources: one byte per sample up to 8 bits, two above; signed values sign-extended.
   */
  static int[] readRaw(Path file, int count, int precision, boolean signed) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int[] out = new int[count];
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      int v = precision <= 8 ? b.get(i) & 0xFF : b.getShort(2 * i) & 0xFFFF;
      // opj_decompress writes the precision's two's complement without widening it.
      out[i] = signed ? v << (32 - precision) >> (32 - precision) : v;
    }
    return out;
  }

  /** PGM/PPM (maxval up to 65535, big-endian above 255) as ojph_expand writes it, planar. */
  static int[] readPnm(Path file, int width, int height, int components) throws IOException {
    byte[] d = Files.readAllBytes(file);
    int pos = 0;
    int[] fields = new int[4];
    for (int f = 0; f < 4; f++) {
      while (Character.isWhitespace(d[pos]) || d[pos] == '#') {
        if (d[pos] == '#') {
          while (d[pos] != '\n') {
            pos++;
          }
        }
        pos++;
      }
      int start = pos;
      while (!Character.isWhitespace(d[pos])) {
        pos++;
      }
      String token = new String(d, start, pos - start, java.nio.charset.StandardCharsets.US_ASCII);
      fields[f] = f == 0 ? 0 : Integer.parseInt(token);
    }
    pos++;
    int max = fields[3];
    int plane = width * height;
    int[] out = new int[plane * components];
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < components; c++) {
        int v;
        if (max > 255) {
          v = (d[pos] & 0xFF) << 8 | (d[pos + 1] & 0xFF);
          pos += 2;
        } else {
          v = d[pos++] & 0xFF;
        }
        out[c * plane + i] = v;
      }
    }
    return out;
  }
}
