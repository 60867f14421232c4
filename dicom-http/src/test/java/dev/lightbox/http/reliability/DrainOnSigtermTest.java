package dev.lightbox.http.reliability;

import dev.lightbox.http.testing.RawHttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, graceful drain: {@code lightbox serve} as a real child process gets SIGTERM while an
 * upload is half sent. New connections are refused from then on (a client retries another node),
 * the upload in flight still completes with 201, the process exits with status 0 (a clean stop,
 * not 143), and the instance is there after a restart on the same data directory.
 */
class DrainOnSigtermTest {
  @TempDir Path tmp;

  @Test
  void sigtermDrainsTheUploadInFlightThenExitsZero() throws Exception {
    Path data = tmp.resolve("data");
    String sop = "2.25.1616.1";
    byte[] pixels = new byte[256 * 256 * 2];
    new java.util.Random(16).nextBytes(pixels);
    for (int i = 1; i < pixels.length; i += 2) {
      pixels[i] &= 0x0F; // 12 bits stored
    }
    byte[] file = GeneratedDicom.build(sop, 256, 256, pixels);
    int half = file.length / 2;

    ServerProcess server = ServerProcess.start(data, tmp.resolve("first.log"),
        List.of("--drain-timeout", "30"), Map.of());
    try (Socket upload = new Socket("127.0.0.1", server.port())) {
      upload.setSoTimeout(30_000);
      OutputStream out = upload.getOutputStream();
      out.write(("POST /instances HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/dicom"
          + "\r\nContent-Length: " + file.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(file, 0, half);
      out.flush();
      RawHttp.awaitSpooling(data); // admitted: its handler is reading the body

      server.terminate();
      assertEquals("connection refused", awaitRefusal(server.port()));
      assertTrue(server.alive(), "the server waits for the upload in flight");

      out.write(file, half, file.length - half);
      out.flush();
      String response = RawHttp.readResponse(upload.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 201"), response);
    }
    OptionalInt exit = server.awaitExit(Duration.ofSeconds(30));
    assertTrue(exit.isPresent(), "still running 30 s after SIGTERM; log:\n"
        + Files.readString(server.log()));
    assertEquals(0, exit.getAsInt(), Files.readString(server.log()));

    try (ServerProcess again = ServerProcess.start(data, tmp.resolve("second.log"), List.of(),
        Map.of())) {
      HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(again.baseUrl() + "instances/" + sop + "/file")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, r.statusCode());
      assertArrayEquals(file, r.body());
    }
  }

  /**
   * The first answer other than 200 that a new connection gets after SIGTERM (until the signal is
   * handled requests are served normally, so it polls): "connection refused" when the drain works.
   */
  private static String awaitRefusal(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write("GET /instances HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        String response = RawHttp.readResponse(s.getInputStream());
        if (!response.startsWith("HTTP/1.1 200")) {
          return response;
        }
      } catch (ConnectException e) {
        return "connection refused";
      }
      Thread.sleep(20);
    }
    throw new AssertionError("new requests were still served 20 s after SIGTERM");
  }
}
