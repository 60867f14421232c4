package dev.lightbox.http;

import static dev.lightbox.http.TestClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end behaviour of the HTTP API against a real server on an ephemeral loopback port.
 * Expected attribute values, sizes and hashes come from dcmdump, stat and sha256sum on the corpus
 * files, not from the code under test.
 */
class LightboxServerTest {
  static final String CT_ID = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";
  static final String CT_SHA = "3dd31e5cc835b3f2cdd46c9da1982f59251e78518fefa8163d914631c66437d6";
  static final String MR_ID = "1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457";
  static final String RTPLAN_ID = "1.2.777.777.77.7.7777.7777.20030903150023";

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

  static void assertProblem(HttpResponse<byte[]> r, int status) {
    assertEquals(status, r.statusCode(), () -> new String(r.body()));
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
    JsonObject p = json(r);
    assertEquals(status, p.get("status").getAsInt());
    assertTrue(p.get("type").getAsString().startsWith("/problems/"));
    assertFalse(p.get("title").getAsString().isEmpty());
    assertFalse(p.get("detail").getAsString().isEmpty());
    assertNotNull(p.get("instance"));
    assertEquals(r.headers().firstValue("X-Request-Id").orElseThrow(),
        p.get("requestId").getAsString());
  }

  @Test
  void uploadStoresANewInstanceAndReportsItsIdentity() throws Exception {
    HttpResponse<byte[]> r = client.upload(Corpus.pydicom("CT_small.dcm"));
    assertEquals(201, r.statusCode(), new String(r.body()));
    assertEquals("/instances/" + CT_ID, r.headers().firstValue("Location").orElseThrow());
    JsonObject body = json(r);
    assertEquals(CT_ID, body.get("id").getAsString());
    assertEquals("1.3.6.1.4.1.5962.1.2.1.20040119072730.12322",
        body.get("studyInstanceUid").getAsString());
    assertEquals("1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322",
        body.get("seriesInstanceUid").getAsString());
    assertEquals("1.2.840.10008.5.1.4.1.1.2", body.get("sopClassUid").getAsString());
    assertEquals("1.2.840.10008.1.2.1", body.get("transferSyntaxUid").getAsString());
    assertEquals(39206, body.get("size").getAsLong());
    assertEquals(CT_SHA, body.get("sha256").getAsString());
    assertEquals("stored", body.get("status").getAsString());
    assertEquals("/instances/" + CT_ID + "/file",
        body.getAsJsonObject("links").get("file").getAsString());
    assertTrue(body.get("warnings").isJsonArray());
    assertTrue(r.headers().firstValue("X-Request-Id").isPresent());
  }

  @Test
  void identicalReUploadIsIdempotentAndDifferentContentConflictsUnlessReplaced() throws Exception {
    assertEquals(201, client.upload(Corpus.pydicom("MR_small.dcm")).statusCode());
    HttpResponse<byte[]> again = client.upload(Corpus.pydicom("MR_small.dcm"));
    assertEquals(200, again.statusCode());
    assertEquals("already-stored", json(again).get("status").getAsString());
    // Same SOP Instance UID, other transfer syntax, so other bytes.
    assertProblem(client.upload(Corpus.pydicom("MR_small_implicit.dcm")), 409);
    HttpResponse<byte[]> replaced = client.upload(Corpus.pydicom("MR_small_implicit.dcm"),
        "?replace=true");
    assertEquals(200, replaced.statusCode(), new String(replaced.body()));
    assertEquals("replaced", json(replaced).get("status").getAsString());
    assertEquals("1.2.840.10008.1.2", json(replaced).get("transferSyntaxUid").getAsString());
    HttpResponse<byte[]> file = client.get("/instances/" + MR_ID + "/file");
    assertArrayEquals(Files.readAllBytes(Corpus.pydicom("MR_small_implicit.dcm")), file.body());
  }

  @Test
  void chunkedUploadWithoutContentLengthIsAccepted() throws Exception {
    byte[] bytes = Files.readAllBytes(Corpus.pydicom("CT_small.dcm"));
    HttpRequest req = client.request("/instances").header("Content-Type", "application/dicom")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
        .build();
    HttpResponse<byte[]> r = client.send(req);
    assertEquals(201, r.statusCode(), new String(r.body()));
    assertEquals(CT_SHA, json(r).get("sha256").getAsString());
  }

  @Test
  void attributesComeAsDicomJsonWholeSelectedAndByPath() throws Exception {
    client.upload(Corpus.pydicom("CT_small.dcm"));
    client.upload(Corpus.pydicom("rtplan.dcm"));
    HttpResponse<byte[]> whole = client.get("/instances/" + CT_ID + "/attributes");
    assertEquals(200, whole.statusCode());
    assertEquals("application/dicom+json", whole.headers().firstValue("Content-Type").orElse(""));
    JsonObject ds = json(whole);
    assertEquals("1CT1", ds.getAsJsonObject("00100020").getAsJsonArray("Value").get(0)
        .getAsString());
    assertEquals("US", ds.getAsJsonObject("00280010").get("vr").getAsString());
    assertEquals(128, ds.getAsJsonObject("00280010").getAsJsonArray("Value").get(0).getAsInt());

    JsonObject selected = json(client.get("/instances/" + CT_ID
        + "/attributes?tag=Modality&tag=(0028,0011)&tag=00400275"));
    assertEquals(2, selected.size(), selected.toString());
    assertEquals("CT", selected.getAsJsonObject("00080060").getAsJsonArray("Value").get(0)
        .getAsString());

    JsonObject one = json(client.get("/instances/" + CT_ID + "/attributes/00080008"));
    assertEquals("00080008", one.get("tag").getAsString());
    assertEquals("ImageType", one.get("keyword").getAsString());
    assertEquals("Image Type", one.get("name").getAsString());
    assertEquals("CS", one.get("vr").getAsString());
    assertEquals("[\"ORIGINAL\",\"PRIMARY\",\"AXIAL\"]", one.getAsJsonArray("Value").toString());

    JsonObject ts = json(client.get("/instances/" + CT_ID + "/attributes/TransferSyntaxUID"));
    assertEquals("1.2.840.10008.1.2.1", ts.getAsJsonArray("Value").get(0).getAsString());

    JsonObject nested = json(client.get("/instances/" + RTPLAN_ID
        + "/attributes/BeamSequence/0/TreatmentMachineName"));
    assertEquals("300A00B2", nested.get("tag").getAsString().toUpperCase());
    assertEquals("unit001", nested.getAsJsonArray("Value").get(0).getAsString());
    JsonObject deep = json(client.get("/instances/" + RTPLAN_ID
        + "/attributes/300a0070/0/300c0004/0/300c0006"));
    assertEquals(1, deep.getAsJsonArray("Value").get(0).getAsInt());
  }

  @Test
  void renderedPngDecodesToTheImageSizeAndHonoursViewportAndJpeg() throws Exception {
    client.upload(Corpus.pydicom("CT_small.dcm"));
    HttpResponse<byte[]> png = client.get("/instances/" + CT_ID + "/rendered");
    assertEquals(200, png.statusCode(), new String(png.body()));
    assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.body()));
    assertEquals(128, img.getWidth());
    assertEquals(128, img.getHeight());
    String etag = png.headers().firstValue("ETag").orElseThrow();
    assertEquals(304, client.get("/instances/" + CT_ID + "/rendered", "If-None-Match", etag)
        .statusCode());

    HttpResponse<byte[]> small = client.get("/instances/" + CT_ID
        + "/frames/1/rendered?viewport=64,32&window=40,400");
    BufferedImage s = ImageIO.read(new ByteArrayInputStream(small.body()));
    assertEquals(32, s.getWidth());
    assertEquals(32, s.getHeight());
    assertFalse(etag.equals(small.headers().firstValue("ETag").orElseThrow()));

    HttpResponse<byte[]> jpeg = client.get("/instances/" + CT_ID + "/rendered",
        "Accept", "image/jpeg");
    assertEquals("image/jpeg", jpeg.headers().firstValue("Content-Type").orElse(""));
    assertEquals(128, ImageIO.read(new ByteArrayInputStream(jpeg.body())).getWidth());
    HttpResponse<byte[]> sixteen = client.get("/instances/" + CT_ID + "/rendered?bits=16");
    assertEquals(16, ImageIO.read(new ByteArrayInputStream(sixteen.body())).getColorModel()
        .getComponentSize(0));
  }

  @Test
  void downloadIsByteIdenticalWithEtagConditionalAndRange() throws Exception {
    client.upload(Corpus.pydicom("CT_small.dcm"));
    byte[] original = Files.readAllBytes(Corpus.pydicom("CT_small.dcm"));
    HttpResponse<byte[]> r = client.get("/instances/" + CT_ID + "/file");
    assertEquals(200, r.statusCode());
    assertArrayEquals(original, r.body());
    assertEquals("application/dicom", r.headers().firstValue("Content-Type").orElse(""));
    assertEquals("\"" + CT_SHA + "\"", r.headers().firstValue("ETag").orElseThrow());
    assertTrue(r.headers().firstValue("Content-Disposition").orElseThrow().contains(CT_ID));
    assertEquals(304, client.get("/instances/" + CT_ID + "/file", "If-None-Match",
        "\"" + CT_SHA + "\"").statusCode());
    HttpResponse<byte[]> part = client.get("/instances/" + CT_ID + "/file", "Range",
        "bytes=128-131");
    assertEquals(206, part.statusCode());
    assertEquals("bytes 128-131/39206", part.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(original, 128, 132), part.body());
    assertEquals("DICM", new String(part.body(), java.nio.charset.StandardCharsets.US_ASCII));
    HttpResponse<byte[]> tail = client.get("/instances/" + CT_ID + "/file", "Range", "bytes=-10");
    assertArrayEquals(Arrays.copyOfRange(original, original.length - 10, original.length),
        tail.body());
    assertProblem(client.get("/instances/" + CT_ID + "/file", "Range", "bytes=99999-"), 416);
    HttpResponse<byte[]> head = client.send(client.request("/instances/" + CT_ID + "/file")
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, head.statusCode());
    assertEquals("39206", head.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(0, head.body().length);
  }

  @Test
  void listFiltersAndPages() throws Exception {
    client.upload(Corpus.pydicom("CT_small.dcm"));
    client.upload(Corpus.pydicom("MR_small.dcm"));
    client.upload(Corpus.pydicom("rtplan.dcm"));
    JsonObject all = json(client.get("/instances"));
    assertEquals(3, all.get("total").getAsInt());
    assertEquals(3, all.getAsJsonArray("items").size());
    JsonObject mr = json(client.get("/instances?Modality=MR"));
    assertEquals(1, mr.get("total").getAsInt());
    assertEquals(MR_ID, mr.getAsJsonArray("items").get(0).getAsJsonObject().get("id")
        .getAsString());
    assertEquals(CT_ID, json(client.get("/instances?PatientID=1CT1")).getAsJsonArray("items")
        .get(0).getAsJsonObject().get("id").getAsString());
    assertEquals(2, json(client.get("/instances?StudyDate=20040101-")).get("total").getAsInt());
    assertEquals(1, json(client.get("/instances?StudyDate=20040119")).get("total").getAsInt());
    JsonObject page = json(client.get("/instances?limit=1&offset=1"));
    assertEquals(1, page.getAsJsonArray("items").size());
    assertEquals(3, page.get("total").getAsInt());
    assertEquals(1, page.get("limit").getAsInt());
    assertEquals(1, page.get("offset").getAsInt());
    assertProblem(client.get("/instances?StudyDate=yesterday"), 400);
    assertProblem(client.get("/instances?limit=0"), 400);
    assertProblem(client.get("/instances?colour=red"), 400);
  }

  @Test
  void deleteRemovesTheInstance() throws Exception {
    client.upload(Corpus.pydicom("CT_small.dcm"));
    HttpResponse<byte[]> del = client.send(client.request("/instances/" + CT_ID).DELETE().build());
    assertEquals(204, del.statusCode());
    assertProblem(client.get("/instances/" + CT_ID + "/file"), 404);
    assertProblem(client.send(client.request("/instances/" + CT_ID).DELETE().build()), 404);
    assertEquals(201, client.upload(Corpus.pydicom("CT_small.dcm")).statusCode());
  }

  @Test
  void badInputIsAProblemDocumentNeverA500() throws Exception {
    client.upload(Corpus.pydicom("CT_small.dcm"));
    client.upload(Corpus.pydicom("rtplan.dcm"));
    assertProblem(client.get("/instances/not-a-uid/file"), 400);
    assertProblem(client.get("/instances/1.2.3.4/attributes"), 404);
    assertProblem(client.get("/nowhere"), 404);
    HttpResponse<byte[]> put = client.send(client.request("/instances/" + CT_ID + "/file")
        .PUT(HttpRequest.BodyPublishers.ofString("x")).build());
    assertProblem(put, 405);
    assertEquals("GET, HEAD", put.headers().firstValue("Allow").orElseThrow());
    HttpResponse<byte[]> malformed = client.get("/instances/" + CT_ID + "/attributes/NoSuchKeyword");
    assertProblem(malformed, 400);
    assertTrue(json(malformed).get("detail").getAsString().contains("accepted forms"));
    HttpResponse<byte[]> absent = client.get("/instances/" + CT_ID + "/attributes/00400275");
    assertProblem(absent, 404);
    assertTrue(json(absent).get("detail").getAsString().contains("not present"));
    assertProblem(client.send(client.request("/instances").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("hello")).build()), 415);
    assertProblem(client.send(client.request("/instances")
        .header("Content-Type", "application/dicom")
        .POST(HttpRequest.BodyPublishers.ofString("definitely not DICOM")).build()), 400);
    assertProblem(client.upload(Corpus.pydicom("rtplan_truncated.dcm")), 422);
    assertProblem(client.get("/instances/" + CT_ID + "/rendered?window=40,0"), 400);
    assertProblem(client.get("/instances/" + CT_ID + "/rendered?viewport=abc"), 400);
    assertProblem(client.get("/instances/" + CT_ID + "/frames/0/rendered"), 400);
    HttpResponse<byte[]> past = client.get("/instances/" + CT_ID + "/frames/2/rendered");
    assertProblem(past, 400);
    assertTrue(json(past).get("detail").getAsString().contains("1 frame"));
    assertProblem(client.get("/instances/" + CT_ID + "/rendered?bits=12"), 400);
    assertProblem(client.get("/instances/" + CT_ID + "/rendered?bits=16&accept=image/jpeg"), 400);
    assertProblem(client.get("/instances/" + CT_ID + "/rendered", "Accept", "image/gif"), 406);
    assertProblem(client.get("/instances/" + RTPLAN_ID + "/rendered"), 422);
    HttpResponse<byte[]> echoed = client.get("/nowhere", "X-Request-Id", "abc-123");
    assertEquals("abc-123", echoed.headers().firstValue("X-Request-Id").orElseThrow());
  }

  @Test
  void oversizedUploadsAre413WhetherDeclaredOrChunked() throws Exception {
    byte[] big = new byte[1_500_000];
    assertProblem(client.send(client.request("/instances")
        .header("Content-Type", "application/dicom")
        .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build()), 413);
    assertProblem(client.send(client.request("/instances")
        .header("Content-Type", "application/dicom")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
        .build()), 413);
    try (var tmp = Files.list(data.resolve("tmp"))) {
      assertEquals(0, tmp.count(), "no spool files left behind");
    }
  }

  @Test
  void missingIdentifyingAttributesAre422NamingThem() throws Exception {
    // A minimal dataset without UIDs: implicit VR little endian, just Patient ID (0010,0020) "X ".
    byte[] ds = {0x10, 0x00, 0x20, 0x00, 2, 0, 0, 0, 'X', ' '};
    HttpResponse<byte[]> r = client.send(client.request("/instances")
        .header("Content-Type", "application/dicom")
        .POST(HttpRequest.BodyPublishers.ofByteArray(ds)).build());
    if (r.statusCode() == 400) {
      return; // the reader refused the bare dataset as not DICOM: also a correct refusal
    }
    assertProblem(r, 422);
    String detail = json(r).get("detail").getAsString();
    assertTrue(detail.contains("SOPInstanceUID") && detail.contains("StudyInstanceUID")
        && detail.contains("SeriesInstanceUID"), detail);
  }

  @Test
  void restartWithTheSameDataDirectoryKeepsEverything() throws Exception {
    client.upload(Corpus.pydicom("CT_small.dcm"));
    server.close();
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data));
    client = new TestClient(server.baseUrl());
    assertEquals(1, json(client.get("/instances")).get("total").getAsInt());
    assertArrayEquals(Files.readAllBytes(Corpus.pydicom("CT_small.dcm")),
        client.get("/instances/" + CT_ID + "/file").body());
    assertEquals("CT", json(client.get("/instances/" + CT_ID + "/attributes/Modality"))
        .getAsJsonArray("Value").get(0).getAsString());
    assertEquals(200, client.get("/health").statusCode());
  }
}
