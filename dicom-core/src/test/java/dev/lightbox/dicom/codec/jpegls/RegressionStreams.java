package dev.lightbox.dicom.codec.jpegls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The committed regression streams and reference samples described in their README.md. */
final class RegressionStreams {
  record Stream(String name, int width, int height, int components, int bytesPerSample,
      int bitsStored, byte[] jls, int[] reference) {}

  private RegressionStreams() {}

  static List<Stream> all() {
    List<Stream> out = new ArrayList<>();
    for (String line : new String(bytes("streams.tsv"), StandardCharsets.US_ASCII).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      int bps = Integer.parseInt(f[4]);
      byte[] raw = bytes(f[0] + ".ref");
      int count = Integer.parseInt(f[1]) * Integer.parseInt(f[2]) * Integer.parseInt(f[3]);
      int[] ref = new int[count];
      for (int i = 0; i < count; i++) {
        ref[i] = bps == 1 ? raw[i] & 0xFF : (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
      }
      out.add(new Stream(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]),
          Integer.parseInt(f[3]), bps, Integer.parseInt(f[5]), bytes(f[0] + ".jls"), ref));
    }
    return out;
  }

  static Stream named(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static byte[] bytes(String resource) {
    try (InputStream in = RegressionStreams.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
