package dev.lightbox.http;

import static dev.lightbox.http.LightboxServerTest.CT_ID;
import static dev.lightbox.http.LightboxServerTest.CT_SHA;
import static dev.lightbox.http.LightboxServerTest.MR_ID;
import static dev.lightbox.http.LightboxServerTest.assertProblem;
import static dev.lightbox.http.TestClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /instances with multipart/form-data: the response shapes and statuses of DESIGN.md. */
class MultipartUploadTest {
  @TempDir Path data;
  LightboxServer server;
  TestClient client;

  @BeforeEach
  void start() throws Exception {
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data)
        .withMaxUploadBytes(1_000_000));
    client = new TestClient(server.baseUrl());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<byte[]> post(byte[] body, String contentType) throws Exception {
    return client.send(client.request("/instances").header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  HttpResponse<byte[]> post(Multipart m) throws Exception {
    return post(m.build(), Multipart.contentType());
  }

  static byte[] ct() throws Exception {
    return Files.readAllBytes(Corpus.pydicom("CT_small.dcm"));
  }

  static byte[] mr() throws Exception {
    return Files.readAllBytes(Corpus.pydicom("MR_small.dcm"));
  }

  @Test
  void onePartGivesTheSingleUploadShape() throws Exception {
    HttpResponse<byte[]> r = post(new Multipart().file("ct.dcm", ct()));
    assertEquals(201, r.statusCode(), new String(r.body()));
    assertEquals("/instances/" + CT_ID, r.headers().firstValue("Location").orElseThrow());
    JsonObject body = json(r);
    assertEquals(CT_ID, body.get("id").getAsString());
    assertEquals(CT_SHA, body.get("sha256").getAsString());
    assertEquals("stored", body.get("status").getAsString());
    HttpResponse<byte[]> again = post(new Multipart().file("ct.dcm", ct()));
    assertEquals(200, again.statusCode());
    assertEquals("already-stored", json(again).get("status").getAsString());
    // Stored byte for byte: the part's content, not its framing.
    assertTrue(Arrays.equals(ct(), client.get("/instances/" + CT_ID + "/file").body()));
  }

  @Test
  void onePartThatFailsIsThatProblem() throws Exception {
    assertProblem(post(new Multipart().file("notes.txt", "hello".getBytes())), 400);
  }

  @Test
  void severalNewPartsAre201AndRepeatsAre200() throws Exception {
    HttpResponse<byte[]> r = post(new Multipart().file("ct.dcm", ct()).file("mr.dcm", mr()));
    assertEquals(201, r.statusCode(), new String(r.body()));
    JsonArray results = json(r).getAsJsonArray("results");
    assertEquals(2, results.size());
    assertEquals(CT_ID, results.get(0).getAsJsonObject().get("id").getAsString());
    assertEquals(MR_ID, results.get(1).getAsJsonObject().get("id").getAsString());
    HttpResponse<byte[]> again = post(new Multipart().file("ct.dcm", ct()).file("mr.dcm", mr()));
    assertEquals(200, again.statusCode());
    assertEquals("already-stored", json(again).getAsJsonArray("results").get(1)
        .getAsJsonObject().get("status").getAsString());
  }

  @Test
  void somePartsFailingIs202WithFailedEntries() throws Exception {
    HttpResponse<byte[]> r = post(new Multipart().file("ct.dcm", ct())
        .file("notes.txt", "not dicom at all".getBytes()).part("comment", null, null,
            "ignored field".getBytes()));
    assertEquals(202, r.statusCode(), new String(r.body()));
    JsonArray results = json(r).getAsJsonArray("results");
    assertEquals(2, results.size());
    assertEquals("stored", results.get(0).getAsJsonObject().get("status").getAsString());
    JsonObject failed = results.get(1).getAsJsonObject();
    assertEquals("notes.txt", failed.get("filename").getAsString());
    assertEquals("failed", failed.get("status").getAsString());
    assertEquals(400, failed.getAsJsonObject("problem").get("status").getAsInt());
    assertTrue(failed.getAsJsonObject("problem").get("type").getAsString()
        .startsWith("/problems/"));
    assertEquals(200, client.get("/instances/" + CT_ID).statusCode());
  }

  @Test
  void allPartsFailingIsTheirCommon4xx() throws Exception {
    HttpResponse<byte[]> r = post(new Multipart().file("a.txt", "aaaa".getBytes())
        .file("b.txt", "bbbb".getBytes()));
    assertEquals(400, r.statusCode(), new String(r.body()));
    assertEquals(2, json(r).getAsJsonArray("results").size());
  }

  @Test
  void malformedMultipartIsA400Problem() throws Exception {
    byte[] truncated = Arrays.copyOf(new Multipart().file("ct.dcm", ct()).build(), 5000);
    assertProblem(post(truncated, Multipart.contentType()), 400);
    assertProblem(post(new Multipart().file("ct.dcm", ct()).build(), "multipart/form-data"), 400);
    assertProblem(post("--x\r\nno-colon-header\r\n\r\nabc\r\n--x--\r\n".getBytes(),
        "multipart/form-data; boundary=x"), 400);
    assertProblem(post("just text, no boundary".getBytes(), Multipart.contentType()), 400);
    assertProblem(post(new Multipart().part("other", null, null, "x".getBytes()).build(),
        Multipart.contentType()), 400);
    assertEquals(0, json(client.get("/instances")).get("total").getAsInt());
  }

  @Test
  void fileNamesNeverReachResponseHeaders() throws Exception {
    String evil = "x.dcm\r\nSet-Cookie: owned=1\r\nX-Evil: 1";
    HttpResponse<byte[]> r = post(new Multipart().file(evil, "not dicom".getBytes())
        .file("also\\\"quoted\\\\name.dcm", "nope".getBytes())); // sent as a quoted-string
    assertFalse(r.headers().firstValue("Set-Cookie").isPresent());
    assertFalse(r.headers().firstValue("X-Evil").isPresent());
    for (var h : r.headers().map().entrySet()) {
      for (String v : h.getValue()) {
        assertFalse(v.contains("owned"), h.getKey() + ": " + v);
      }
    }
    JsonArray results = json(r).getAsJsonArray("results");
    // Raw CR LF ends the part header line (RFC 7578 §4.2 wants them percent-encoded), so the
    // name is cut there and the rest is read as (ignored) part headers.
    String name = results.get(0).getAsJsonObject().get("filename").getAsString();
    assertFalse(name.contains("\r") || name.contains("\n"), name);
    assertEquals("also\"quoted\\name.dcm",
        results.get(1).getAsJsonObject().get("filename").getAsString());
  }

  @Test
  void aPartOverTheSizeLimitIs413() throws Exception {
    byte[] big = new byte[1_200_000];
    Arrays.fill(big, (byte) 'a');
    assertProblem(post(new Multipart().file("big.dcm", big)), 413);
  }

  @Test
  void chunkedMultipartIsStreamedPartByPart() throws Exception {
    byte[] body = new Multipart().file("ct.dcm", ct()).file("mr.dcm", mr()).build();
    HttpResponse<byte[]> r = client.send(client.request("/instances")
        .header("Content-Type", Multipart.contentType())
        .POST(HttpRequest.BodyPublishers.ofInputStream(() ->
            new java.io.ByteArrayInputStream(body))).build());
    assertEquals(201, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
  }
}
