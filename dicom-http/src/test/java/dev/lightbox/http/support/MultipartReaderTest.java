package dev.lightbox.http.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.service.ingest.MalformedBodyException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The streaming multipart reader against bodies built by hand (RFC 2046 §5.1.1 syntax). */
class MultipartReaderTest {
  static final String B = "bNd";

  /** Returns at most a random 1..max bytes per read, to split delimiters across reads. */
  static InputStream trickle(byte[] body, long seed, int max) {
    Random random = new Random(seed);
    return new FilterInputStream(new ByteArrayInputStream(body)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(max)));
      }
    };
  }

  static byte[] body(byte[]... contents) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("preamble to ignore\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < contents.length; i++) {
      out.writeBytes(("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; "
          + "filename=\"f" + i + ".dcm\"\r\nContent-Type: application/dicom\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(contents[i]);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(("--" + B + "--\r\nepilogue").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void partsComeBackExactlyWhateverTheReadSizes(long seed) throws IOException {
    Random random = new Random(seed);
    byte[][] contents = new byte[3][];
    for (int i = 0; i < contents.length; i++) {
      contents[i] = new byte[random.nextInt(200_000)];
      random.nextBytes(contents[i]);
    }
    // Content that looks almost like a delimiter must survive.
    contents[1] = ("\r\n--bN\r\n--bNx\r\n-" + "-bn").getBytes(StandardCharsets.US_ASCII);
    MultipartReader reader = new MultipartReader(trickle(body(contents), seed,
        seed % 2 == 0 ? 7 : 70_000), B);
    for (int i = 0; i < contents.length; i++) {
      MultipartReader.Part part = reader.next().orElseThrow();
      assertEquals("file", part.name());
      assertEquals("f" + i + ".dcm", part.filename());
      assertEquals("application/dicom", part.contentType());
      assertArrayEquals(contents[i], part.body().readAllBytes());
    }
    assertTrue(reader.next().isEmpty());
  }

  @Test
  void unreadPartsAreSkipped() throws IOException {
    MultipartReader reader = new MultipartReader(new ByteArrayInputStream(
        body("one".getBytes(), "two".getBytes())), B);
    reader.next().orElseThrow();
    assertArrayEquals("two".getBytes(), reader.next().orElseThrow().body().readAllBytes());
  }

  @Test
  void truncatedBodyIsMalformed() throws IOException {
    byte[] full = body("content".getBytes());
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 20);
    MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), B);
    MultipartReader.Part part = reader.next().orElseThrow();
    assertThrows(MalformedBodyException.class, () -> part.body().readAllBytes());
  }

  @Test
  void filenameParametersAreUnquotedAndExtendedValuesDecoded() {
    assertEquals("a\"b.dcm", MultipartReader.parameter(
        "form-data; name=\"file\"; filename=\"a\\\"b.dcm\"", "filename").orElseThrow());
    assertEquals("file", MultipartReader.parameter("form-data; name=file", "name").orElseThrow());
    assertEquals("bnd", MultipartReader.boundary("multipart/form-data; boundary=\"bnd\"")
        .orElseThrow());
    assertTrue(MultipartReader.boundary("multipart/form-data").isEmpty());
  }
}
