package dev.lightbox.http.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lightbox.service.ingest.MalformedBodyException;
import dev.lightbox.http.support.MultipartReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz targets for the streaming multipart reader (RFC 7578 on RFC 2046 §5.1.1), the code every
 * multipart upload goes through before any DICOM parsing.
 *
 * <ul>
 *   <li>{@link #readOrRefuse}: any Content-Type line and body either yields parts, whose
 *       contents together are never longer than the body, or fails with
 *       {@link MalformedBodyException}; no other exception, no hang.
 *   <li>{@link #roundTrip}: a well-formed body built from fuzzed boundary, names, file names,
 *       contents and read sizes comes back part for part, byte for byte.
 * </ul>
 */
class MultipartFuzzTest {
  /** RFC 2046 §5.1.1 bchars (without the space, which may not end a boundary). */
  private static final String BCHARS =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=?";

  /** Input: a Content-Type line, {@code \n}, then the body; byte 0 picks the read size. */
  @FuzzTest(maxDuration = "2m")
  void readOrRefuse(byte[] input) throws IOException {
    if (input.length < 1) {
      return;
    }
    int newline = indexOf(input, (byte) '\n');
    String contentType = newline < 0 ? "" : new String(input, 1, Math.max(0, newline - 1),
        StandardCharsets.ISO_8859_1);
    byte[] body = Arrays.copyOfRange(input, newline < 0 ? 1 : newline + 1, input.length);
    String boundary = MultipartReader.boundary(contentType).orElse("bNd");
    MultipartReader reader = new MultipartReader(chunked(body, 1 + (input[0] & 0xFF)), boundary);
    long total = 0;
    try {
      for (Optional<MultipartReader.Part> part; (part = reader.next()).isPresent(); ) {
        total += part.get().body().transferTo(OutputStream.NULL);
        if (total > body.length) {
          throw new AssertionError("parts hold " + total + " bytes, the body only " + body.length);
        }
      }
    } catch (MalformedBodyException expected) {
      // refused with a typed error: the contract (the upload handler maps it to 400)
    }
  }

  @FuzzTest(maxDuration = "2m")
  void roundTrip(FuzzedDataProvider data) throws IOException {
    String boundary = pick(data, BCHARS, 1, 70);
    int count = data.consumeInt(0, 4);
    List<String> names = new ArrayList<>();
    List<String> filenames = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(pick(data, "abcdefghijklmnopqrstuvwxyz_", 1, 12));
      // Printable ASCII including quote, backslash and semicolon: escaped as RFC 7578 §4.2 and
      // browsers do. Leading/trailing blanks are not preserved by design, so none are generated.
      filenames.add(pick(data, "abcXYZ019._-\"\\;= %", 0, 40).strip());
      contents.add(data.consumeBytes(data.consumeInt(0, 5000)));
    }
    int readSize = data.consumeInt(1, 70_000);
    byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    // A preamble (RFC 2046 §5.1.1: ignored), without anything that reads as a delimiter.
    String preamble = new String(data.consumeString(200).getBytes(StandardCharsets.ISO_8859_1),
        StandardCharsets.ISO_8859_1);
    for (String p = null; !preamble.equals(p); ) {
      p = preamble;
      preamble = preamble.replace("--" + boundary, "");
    }
    body.writeBytes(preamble.getBytes(StandardCharsets.ISO_8859_1));
    for (int i = 0; i < count; i++) {
      byte[] content = contents.get(i);
      if (indexOf(content, delimiter) >= 0) {
        return; // not representable with this boundary: a sender picks another one
      }
      String escaped = filenames.get(i).replace("\\", "\\\\").replace("\"", "\\\"");
      body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\""
          + names.get(i) + "\"; filename=\"" + escaped + "\"\r\nContent-Type: application/dicom"
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      body.writeBytes(content);
    }
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    byte[] bytes = body.toByteArray();
    MultipartReader reader = new MultipartReader(chunked(bytes, readSize), boundary);
    for (int i = 0; i < count; i++) {
      MultipartReader.Part part = reader.next()
          .orElseThrow(() -> new AssertionError("a part went missing"));
      byte[] got = part.body().readAllBytes();
      if (!part.name().equals(names.get(i)) || !part.filename().equals(filenames.get(i))
          || !Arrays.equals(got, contents.get(i))) {
        throw new AssertionError("part " + i + " came back as name=" + part.name()
            + " filename=" + part.filename() + " (" + got.length + " bytes), sent name="
            + names.get(i) + " filename=" + filenames.get(i) + " (" + contents.get(i).length
            + " bytes)");
      }
    }
    if (reader.next().isPresent()) {
      throw new AssertionError("a part appeared that was not sent");
    }
  }

  private static String pick(FuzzedDataProvider data, String alphabet, int min, int max) {
    int n = data.consumeInt(min, max);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(data.consumeInt(0, alphabet.length() - 1)));
    }
    return s.toString();
  }

  private static int indexOf(byte[] a, byte b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] a, byte[] b) {
    outer:
    for (int i = 0; i <= a.length - b.length; i++) {
      for (int j = 0; j < b.length; j++) {
        if (a[i + j] != b[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Hands the body out at most {@code max} bytes per read, to split delimiters across reads. */
  private static InputStream chunked(byte[] body, int max) {
    return new FilterInputStream(new ByteArrayInputStream(body)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, max));
      }
    };
  }

  private static final class OutputStream {
    static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
  }
}
