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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /** A multipart/related body (RFC 2387, as STOW-RS sends it) of {@code contents}. */
  static byte[] relatedBody(String boundary, byte[]... contents) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] content : contents) {
      out.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(content);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** The body in two reads: the first ends after {@code split} bytes. */
  static InputStream splitAt(byte[] body, int split) {
    return new InputStream() {
      private int pos;

      @Override
      public int read() {
        return pos < body.length ? body[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos == body.length) {
          return -1;
        }
        int stop = pos < split ? split : body.length;
        int n = Math.min(len, stop - pos);
        System.arraycopy(body, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  static void assertParts(MultipartReader reader, byte[]... contents) throws IOException {
    for (int i = 0; i < contents.length; i++) {
      MultipartReader.Part part = reader.next().orElseThrow();
      assertEquals("application/dicom", part.contentType());
      assertArrayEquals(contents[i], part.body().readAllBytes(), "part " + i);
    }
    assertTrue(reader.next().isEmpty());
  }

  /**
   * The search remembers how far it got; a delimiter (or its CRLF, or a near miss in the content)
   * cut by a read anywhere must still be found exactly once, where it is.
   */
  @Test
  void delimiterSplitAcrossReadsAtEveryOffsetIsFound() throws IOException {
    byte[][] contents = {
        "first".getBytes(StandardCharsets.US_ASCII),
        ("near \r\n--bN miss \r\n--bnd \r\n--bNx \r\n-").getBytes(StandardCharsets.US_ASCII),
        new byte[0],
        "\r\n--".getBytes(StandardCharsets.US_ASCII)};
    byte[] body = relatedBody(B, contents);
    for (int split = 1; split < body.length; split++) {
      assertParts(MultipartReader.related(splitAt(body, split), B), contents);
    }
  }

  /**
   * Random part counts and sizes, random read sizes and boundaries, content salted with the
   * delimiter's prefixes ({@code CRLF--}, {@code CRLF--} plus part of the boundary, the boundary
   * without its CRLF): every part comes back byte for byte and nothing more.
   */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void randomBodiesWithNearDelimitersComeBackExactly(long seed) throws IOException {
    Random random = new Random(seed);
    String boundary = "lb" + Long.toHexString(random.nextLong()).substring(0, 1 + random.nextInt(8));
    byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    byte[][] contents = new byte[1 + random.nextInt(8)][];
    for (int i = 0; i < contents.length; i++) {
      int size = random.nextInt(4) == 0 ? random.nextInt(20) : random.nextInt(150_000);
      byte[] content = new byte[size];
      random.nextBytes(content);
      for (int salt = size / 500; salt > 0; salt--) {
        // a proper prefix of the delimiter (never all of it), or the boundary without its CRLF
        byte[] near = random.nextBoolean()
            ? java.util.Arrays.copyOf(delimiter, 1 + random.nextInt(delimiter.length - 1))
            : java.util.Arrays.copyOfRange(delimiter, 2, delimiter.length);
        int at = random.nextInt(size - near.length + 1);
        System.arraycopy(near, 0, content, at, near.length);
      }
      contents[i] = withoutDelimiter(content, delimiter);
    }
    byte[] body = relatedBody(boundary, contents);
    int maxRead = switch (random.nextInt(3)) {
      case 0 -> 1 + random.nextInt(16);
      case 1 -> 1 + random.nextInt(5_000);
      default -> 1 + random.nextInt(200_000);
    };
    assertParts(MultipartReader.related(trickle(body, seed, maxRead), boundary), contents);
  }

  /** Overlapping salts could spell a whole delimiter, which a valid body cannot hold: break it. */
  private static byte[] withoutDelimiter(byte[] content, byte[] delimiter) {
    outer:
    for (int i = 0; i + delimiter.length <= content.length; i++) {
      for (int j = 0; j < delimiter.length; j++) {
        if (content[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      content[i + delimiter.length - 1] = '\0';
    }
    return content;
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
