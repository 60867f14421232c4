package dev.lightbox.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, "cross-origin and host safety": a page on another origin replaced a stored instance
 * with a no-CORS multipart {@code POST /instances?replace=true}, and any {@code Host} was accepted
 * (DNS rebinding). Now foreign origins get 403 for every state-changing method, foreign host
 * names 421, while the server's own origin, configured names and non-browser clients work.
 */
class CrossOriginTest extends AttackServerTest {
  static final String ID = "2.25.19.30";
  byte[] original;

  @BeforeAll
  void start() throws Exception {
    server = AttackServer.start(tmp, "--allowed-hosts", "pacs.example");
    original = GeneratedDicom.build(ID, 16, 16, new byte[16 * 16 * 2]);
    server.storeOriginal(ID, original);
  }

  /** What a browser sends for a form post from another site (a "simple" request, no preflight). */
  private HttpResponse<String> multipartReplace(String origin, byte[] file) throws Exception {
    String boundary = "b19";
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
        + "filename=\"x.dcm\"\r\nContent-Type: application/dicom\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.writeBytes(head);
    body.writeBytes(file);
    body.writeBytes(tail);
    HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(
        server.url("/instances?replace=true"))).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return server.client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aForeignOriginCannotReplaceOrDelete() throws Exception {
    byte[] other = GeneratedDicom.build(ID, 16, 16, new byte[16 * 16 * 2 - 2]);
    HttpResponse<String> r = multipartReplace("http://evil.example", other);
    System.out.println("ATTACK cross-origin replace: " + r.statusCode() + " " + r.body());
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("cross-origin-refused"), r.body());
    assertEquals(403, multipartReplace("null", other).statusCode());
    assertEquals(403, server.delete("/instances/" + ID, "Origin", "http://evil.example")
        .statusCode());
    // The stored original is unchanged (checked after the case too).
    HttpResponse<byte[]> file = server.getBytes("/instances/" + ID + "/file");
    assertEquals(GeneratedDicom.sha256(original), GeneratedDicom.sha256(file.body()));
  }

  @Test
  void theServersOwnOriginAndNonBrowserClientsMayWrite() throws Exception {
    String own = server.process.baseUrl().replaceAll("/$", "");
    byte[] same = original;
    assertEquals(200, multipartReplace(own, same).statusCode()); // already stored
    byte[] fresh = GeneratedDicom.build("2.25.19.31", 8, 8, new byte[128]);
    HttpResponse<String> r = server.upload(fresh, "", "Origin", own);
    assertEquals(201, r.statusCode(), r.body());
    HttpResponse<String> deleted = server.delete("/instances/2.25.19.31", "Origin", own);
    assertEquals(2, deleted.statusCode() / 100, deleted.body());
    assertEquals(404, server.get("/instances/2.25.19.31").statusCode());
    // Reads from any origin are not state-changing.
    assertEquals(200, server.get("/instances/" + ID + "/attributes", "Origin",
        "http://evil.example").statusCode());
  }

  @Test
  void aForeignHostNameIsMisdirected() throws Exception {
    String request = "GET /instances HTTP/1.1\r\nHost: rebound.evil.example:" + server.process
        .port() + "\r\nConnection: close\r\n\r\n";
    String response = server.raw(request, Duration.ofSeconds(5));
    System.out.println("ATTACK DNS rebinding: " + response.lines().findFirst().orElse(""));
    assertTrue(response.startsWith("HTTP/1.1 421"), response);
    assertTrue(response.contains("misdirected-request"), response);
    for (String host : new String[] {"localhost", "127.0.0.1:" + server.process.port(),
        "[::1]", "PACS.example:8080"}) {
      String ok = server.raw("GET /health HTTP/1.1\r\nHost: " + host
          + "\r\nConnection: close\r\n\r\n", Duration.ofSeconds(5));
      assertTrue(ok.startsWith("HTTP/1.1 200"), host + ": " + ok);
    }
  }
}
