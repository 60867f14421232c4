package dev.lightbox.http.reliability;

import static dev.lightbox.http.reliability.GeneratedDicom.element;
import static dev.lightbox.http.reliability.GeneratedDicom.text;
import static dev.lightbox.http.reliability.GeneratedDicom.uidBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, "the rest": capped warnings, the real outcome of requests that got no response in the
 * access log, index files 0600, {@code /health} without paths, ASCII-digit numbers only, {@code
 * nosniff} on every response and raw bulk data as an attachment.
 */
class SmallFindingsTest extends AttackServerTest {
  static final String ID = "2.25.19.50";

  @BeforeAll
  void start() throws Exception {
    server = AttackServer.start(tmp);
    server.storeOriginal(ID, withBulkValue(ID));
  }

  /** A 16×16 image whose header holds a 2 KiB private OB value (bulk data, PS3.18 F.2.6). */
  static byte[] withBulkValue(String uid) {
    ByteArrayOutputStream ds = new ByteArrayOutputStream();
    element(ds, 0x0008, 0x0016, "UI", uidBytes(GeneratedDicom.SECONDARY_CAPTURE));
    element(ds, 0x0008, 0x0018, "UI", uidBytes(uid));
    element(ds, 0x0008, 0x0060, "CS", text("OT"));
    element(ds, 0x0010, 0x0020, "LO", text("SMALL"));
    element(ds, 0x0011, 0x0010, "LO", text("LIGHTBOX TEST"));
    element(ds, 0x0011, 0x1011, "OB", new byte[2048]);
    element(ds, 0x0020, 0x000D, "UI", uidBytes(uid + ".1"));
    element(ds, 0x0020, 0x000E, "UI", uidBytes(uid + ".2"));
    return AttackFiles.part10(uid, GeneratedDicom.EXPLICIT_LE, ds.toByteArray());
  }

  @Test
  void warningsAreCappedWithTheirCount() throws Exception {
    byte[] file = AttackFiles.sequenceOfItems("2.25.19.51", 300, true); // 300 odd lengths
    HttpResponse<String> r = server.upload(file, "");
    assertEquals(201, r.statusCode(), r.body());
    JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
    assertEquals(100, body.getAsJsonArray("warnings").size());
    assertEquals(300, body.get("warningCount").getAsInt(), r.body());
  }

  @Test
  void requestsThatGotNoResponseAreNotLoggedAsSuccesses() throws Exception {
    // A cut upload: half the declared body, then the client goes away.
    try (Socket s = new Socket("127.0.0.1", server.process.port())) {
      s.getOutputStream().write(("POST /instances HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: "
          + "cut-upload-19\r\nContent-Type: application/dicom\r\nContent-Length: 100000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(new byte[50_000]);
      s.getOutputStream().flush();
    }
    // A chunk size that overflows.
    String overflow = server.raw("POST /instances HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: "
        + "chunk-overflow-19\r\nContent-Type: application/dicom\r\nTransfer-Encoding: chunked"
        + "\r\n\r\nFFFFFFFFFFFFFFFFFFFFFFFF\r\nxx\r\n", Duration.ofSeconds(5));
    System.out.println("ATTACK chunk overflow answer: " + overflow.lines().findFirst().orElse("(none)"));
    assertFalse(overflow.startsWith("HTTP/1.1 2"), overflow);
    for (String id : List.of("cut-upload-19", "chunk-overflow-19")) {
      String line = logLine(id);
      System.out.println("ATTACK access log: " + line);
      assertFalse(line.contains("status=200"), line);
      assertTrue(line.matches(".*status=(0|4\\d\\d) .*"), line);
    }
  }

  private String logLine(String requestId) throws Exception {
    for (int i = 0; i < 100; i++) {
      for (String line : Files.readAllLines(server.process.log())) {
        if (line.contains("request_id=" + requestId)) {
          return line;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no access log line for " + requestId + " in "
        + server.process.log());
  }

  @Test
  void theIndexFilesAreReadableByTheOwnerOnly() throws Exception {
    for (String name : List.of("index.db", "index.db-wal", "index.db-shm")) {
      Path f = server.data.resolve(name);
      if (name.equals("index.db") || Files.exists(f)) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
            name);
      }
    }
  }

  @Test
  void healthShowsNoPaths() throws Exception {
    HttpResponse<String> r = server.get("/health");
    assertEquals(200, r.statusCode());
    assertFalse(r.body().contains(tmp.toString()), r.body());
    assertFalse(r.body().contains("/"), r.body());
    assertTrue(r.body().contains("filesystem, sqlite"), r.body());
  }

  @Test
  void numbersAreAsciiDigitsWithoutSign() throws Exception {
    String base = "/instances/" + ID;
    for (String path : List.of(base + "/rendered?frame=%2B1", base + "/rendered?frame=%D9%A1",
        base + "/frames/%2B1/rendered", base + "/frames/%EF%BC%91/rendered",
        "/instances?limit=%2B5", "/instances?offset=-0", base + "/rendered?viewport=%2B8,8")) {
      HttpResponse<String> r = server.get(path);
      assertEquals(400, r.statusCode(), path + ": " + r.body());
    }
    HttpResponse<byte[]> ranged = server.client.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(server.url(base + "/file"))).header("Range", "bytes=+0-9").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertTrue(ranged.statusCode() != 206, "a signed range was honoured");
  }

  @Test
  void everyResponseSaysNosniffAndBulkDataIsAnAttachment() throws Exception {
    JsonObject attrs = JsonParser.parseString(server.get("/instances/" + ID + "/attributes")
        .body()).getAsJsonObject();
    String bulk = attrs.getAsJsonObject("00111011").get("BulkDataURI").getAsString();
    HttpResponse<byte[]> value = server.getBytes(bulk);
    assertEquals(200, value.statusCode());
    assertEquals(2048, value.body().length);
    assertTrue(value.headers().firstValue("Content-Disposition").orElse("")
        .startsWith("attachment"), value.headers().map().toString());
    for (String path : List.of("/health", "/metrics", "/instances", "/instances/" + ID,
        "/instances/" + ID + "/file", "/instances/" + ID + "/attributes",
        "/instances/2.25.404/attributes", "/instances/bad!id", bulk, "/openapi.yaml", "/")) {
      HttpResponse<byte[]> r = server.getBytes(path);
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""),
          path + " " + r.statusCode());
    }
    String refused = server.raw("GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close"
        + "\r\n\r\n", Duration.ofSeconds(5));
    assertTrue(refused.toLowerCase().contains("x-content-type-options: nosniff"), refused);
  }
}
