package dev.lightbox.http.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * HTTP at the socket level for tests that must hold a request half-sent (a body in flight while
 * the server drains or probes answer): reading one raw response, and waiting until the server's
 * upload handler is receiving.
 */
public final class RawHttp {
  private RawHttp() {}

  /** Reads one response: headers, then a Content-Length body (all our answers here have one). */
  public static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String headers = head.toString(StandardCharsets.US_ASCII);
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  /** Waits until an upload handler has started spooling a body into {@code data/tmp}. */
  public static void awaitSpooling(Path data) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (var files = Files.list(data.resolve("tmp"))) {
        if (files.anyMatch(f -> f.getFileName().toString().startsWith("upload-"))) {
          return;
        }
      } catch (java.nio.file.NoSuchFileException e) {
        // not created yet
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no upload was being received after 20 s");
  }
}
