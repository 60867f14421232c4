package dev.lightbox.http.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lightbox.http.Corpus;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DICOMweb end to end over HTTP (PS3.18 §10): STOW-RS, QIDO-RS, WADO-RS metadata, instances,
 * frames, bulk data, rendered and thumbnails, and the bad-input cases of issue 12. Expected values
 * come from dcmtk on the same files.
 */
class DicomWebTest {
  static final String DICOM_JSON = "application/dicom+json";
  @TempDir Path data;
  @TempDir Path raw;
  LightboxServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static Path ct() {
    return Corpus.pydicom("CT_small.dcm");
  }

  static Path jls() {
    return Corpus.pydicom("MR_small_jpeg_ls_lossless.dcm");
  }

  static Path multiFrame() {
    return Corpus.file("pydicom/pydicom-data/emri_small.dcm");
  }

  static Path colourJpeg() {
    return Corpus.pydicom("SC_rgb_jpeg_dcmtk.dcm");
  }

  @BeforeEach
  void start() throws Exception {
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data)
        .withMaxUploadBytes(2_000_000));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  String base() {
    String b = server.baseUrl();
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> stow(String path, byte[] body, String type) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> stowFiles(String path, Path... files) throws Exception {
    List<Related.Part> parts = new java.util.ArrayList<>();
    for (Path f : files) {
      parts.add(new Related.Part("application/dicom", Files.readAllBytes(f)));
    }
    return stow(path, Related.build(parts), Related.contentType());
  }

  static JsonElement json(HttpResponse<byte[]> r) {
    return JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8));
  }

  static String first(JsonObject ds, String tag) {
    return ds.getAsJsonObject(tag).getAsJsonArray("Value").get(0).getAsString();
  }

  @Test
  void stowStoresEveryPartAndAnswersTheStoreInstancesResponse() throws Exception {
    HttpResponse<byte[]> r = stowFiles("/dicomweb/studies", ct(), jls(), multiFrame());
    assertEquals(200, r.statusCode(), new String(r.body()));
    assertEquals(DICOM_JSON, r.headers().firstValue("Content-Type").orElseThrow());
    JsonObject body = json(r).getAsJsonObject();
    JsonArray refs = body.getAsJsonObject("00081199").getAsJsonArray("Value");
    assertEquals(3, refs.size());
    JsonObject ref = refs.get(0).getAsJsonObject();
    assertEquals(Dcmtk.value(ct(), "0008,0016"), first(ref, "00081150"));
    assertEquals(Dcmtk.value(ct(), "0008,0018"), first(ref, "00081155"));
    assertTrue(first(ref, "00081190").endsWith("/dicomweb/studies/"
        + Dcmtk.value(ct(), "0020,000d") + "/series/" + Dcmtk.value(ct(), "0020,000e")
        + "/instances/" + Dcmtk.value(ct(), "0008,0018")));
    assertFalse(body.has("00081198"), "nothing failed");
    assertFalse(body.has("00081190"), "three studies: no single study RetrieveURL");
    // Identical bytes again are a success (DESIGN.md duplicates).
    assertEquals(200, stowFiles("/dicomweb/studies", ct()).statusCode());
  }

  @Test
  void stowOfTenGoodPartsAndOneBadStoresTheTenAndReportsTheOne() throws Exception {
    List<Related.Part> parts = new java.util.ArrayList<>();
    byte[] template = Files.readAllBytes(ct());
    String uid = Dcmtk.value(ct(), "0008,0018");
    for (int i = 0; i < 10; i++) {
      parts.add(new Related.Part("application/dicom", withSopInstanceUid(template, uid, i)));
    }
    parts.add(5, new Related.Part("application/dicom", "not dicom at all".getBytes()));
    HttpResponse<byte[]> r = stow("/dicomweb/studies", Related.build(parts),
        Related.contentType());
    assertEquals(202, r.statusCode(), new String(r.body()));
    JsonObject body = json(r).getAsJsonObject();
    assertEquals(10, body.getAsJsonObject("00081199").getAsJsonArray("Value").size());
    JsonArray failed = body.getAsJsonObject("00081198").getAsJsonArray("Value");
    assertEquals(1, failed.size());
    assertEquals(0xC000, failed.get(0).getAsJsonObject().getAsJsonObject("00081197")
        .getAsJsonArray("Value").get(0).getAsInt());
    assertEquals(java.util.Set.of("00081197"), failed.get(0).getAsJsonObject().keySet(),
        "a part that is not DICOM names no instance: its item carries the reason alone");
    assertTrue(r.headers().firstValue("Warning").orElseThrow().contains("part 6"));
    JsonArray found = json(get("/dicomweb/studies/" + Dcmtk.value(ct(), "0020,000d")
        + "/instances")).getAsJsonArray();
    assertEquals(10, found.size());
  }

  /** The same file under another SOP Instance UID of the same length (last digit changed). */
  static byte[] withSopInstanceUid(byte[] file, String uid, int digit) {
    byte[] from = uid.getBytes(StandardCharsets.US_ASCII);
    byte[] copy = file.clone();
    for (int i = 0; i + from.length <= copy.length; i++) {
      if (java.util.Arrays.equals(copy, i, i + from.length, from, 0, from.length)) {
        copy[i + from.length - 1] = (byte) ('0' + digit);
      }
    }
    return copy;
  }

  @Test
  void stowToAStudyRefusesAnInstanceOfAnotherStudyAndStoresTheRest() throws Exception {
    String study = Dcmtk.value(ct(), "0020,000d");
    HttpResponse<byte[]> r = stowFiles("/dicomweb/studies/" + study, ct(), jls());
    assertEquals(202, r.statusCode(), new String(r.body()));
    JsonObject body = json(r).getAsJsonObject();
    assertEquals(1, body.getAsJsonObject("00081199").getAsJsonArray("Value").size());
    JsonObject failedItem = body.getAsJsonObject("00081198").getAsJsonArray("Value").get(0)
        .getAsJsonObject();
    assertEquals(0xA900, failedItem.getAsJsonObject("00081197").getAsJsonArray("Value").get(0)
        .getAsInt());
    assertEquals(Dcmtk.value(jls(), "0008,0016"), first(failedItem, "00081150"));
    assertEquals(Dcmtk.value(jls(), "0008,0018"), first(failedItem, "00081155"));
    assertTrue(first(body, "00081190").endsWith("/dicomweb/studies/" + study));
    assertEquals(404, get("/dicomweb/studies/" + Dcmtk.value(jls(), "0020,000d")
        + "/metadata").statusCode(), "nothing of the other study was stored");
  }

  @Test
  void stowOfDifferentBytesUnderAStoredUidFailsAsDuplicateAnd409WhenNoneStored()
      throws Exception {
    assertEquals(200, stowFiles("/dicomweb/studies", multiFrame()).statusCode());
    Path other = Corpus.file("pydicom/pydicom-data/emri_small_jpeg_ls_lossless.dcm");
    HttpResponse<byte[]> r = stowFiles("/dicomweb/studies", other);
    assertEquals(409, r.statusCode(), new String(r.body()));
    JsonObject failedItem = json(r).getAsJsonObject().getAsJsonObject("00081198")
        .getAsJsonArray("Value").get(0).getAsJsonObject();
    assertEquals(0x0111, failedItem.getAsJsonObject("00081197").getAsJsonArray("Value").get(0)
        .getAsInt());
    assertEquals(Dcmtk.value(other, "0008,0016"), first(failedItem, "00081150"));
    assertEquals(Dcmtk.value(other, "0008,0018"), first(failedItem, "00081155"));
  }

  /**
   * Failed SOP Sequence items name the failed instance as far as its header got (PS3.18 Annex I,
   * SOP Instance Reference Macro): a header broken after (0008,0018) by its dataset UIDs, one
   * broken inside group 0008 before them by the File Meta copies (0002,0002)/(0002,0003).
   */
  @Test
  void failedItemsOfMalformedPartsNameTheInstanceTheirHeaderNames() throws Exception {
    Path whole = Corpus.pydicom("rtplan.dcm");
    Path truncated = Corpus.pydicom("rtplan_truncated.dcm");
    byte[] truncatedBytes = Files.readAllBytes(truncated);
    byte[] wholeBytes = Files.readAllBytes(whole);
    assertTrue(truncatedBytes.length < wholeBytes.length && java.util.Arrays.equals(
        truncatedBytes, 0, truncatedBytes.length, wholeBytes, 0, truncatedBytes.length),
        "premise: rtplan_truncated.dcm is a prefix of rtplan.dcm, whose UIDs dcmdump reads");
    byte[] ct = Files.readAllBytes(ct());
    // CT_small.dcm cut inside InstanceCreationDate (0008,0012) at 0x18A, before (0008,0016).
    byte[] cutBeforeUids = java.util.Arrays.copyOf(ct, 0x18A);
    HttpResponse<byte[]> r = stow("/dicomweb/studies", Related.build(List.of(
        new Related.Part("application/dicom", truncatedBytes),
        new Related.Part("application/dicom", cutBeforeUids),
        new Related.Part("application/dicom", Files.readAllBytes(jls())))),
        Related.contentType());
    assertEquals(202, r.statusCode(), new String(r.body()));
    JsonArray failed = json(r).getAsJsonObject().getAsJsonObject("00081198")
        .getAsJsonArray("Value");
    assertEquals(2, failed.size());
    JsonObject plan = failed.get(0).getAsJsonObject();
    assertEquals(0xC000, plan.getAsJsonObject("00081197").getAsJsonArray("Value").get(0)
        .getAsInt());
    assertEquals(Dcmtk.value(whole, "0008,0016"), first(plan, "00081150"));
    assertEquals(Dcmtk.value(whole, "0008,0018"), first(plan, "00081155"));
    JsonObject cut = failed.get(1).getAsJsonObject();
    assertEquals(0xC000, cut.getAsJsonObject("00081197").getAsJsonArray("Value").get(0)
        .getAsInt());
    assertEquals(Dcmtk.value(ct(), "0002,0002"), first(cut, "00081150"));
    assertEquals(Dcmtk.value(ct(), "0002,0003"), first(cut, "00081155"));
    assertEquals(1, json(r).getAsJsonObject().getAsJsonObject("00081199")
        .getAsJsonArray("Value").size());
  }

  /**
   * An instance stored although the reader had to tolerate a defect (here: "DICM" without the
   * 128-byte preamble, PS3.10 §7.1) is referenced with WarningReason 0xB000 (PS3.18 Annex I.2.1)
   * and the answer is 202; the stored bytes are the client's.
   */
  @Test
  void repairedInstancesCarryAWarningReasonAnd202() throws Exception {
    byte[] ct = Files.readAllBytes(ct());
    byte[] noPreamble = java.util.Arrays.copyOfRange(ct, 128, ct.length);
    HttpResponse<byte[]> r = stow("/dicomweb/studies", Related.build(List.of(
        new Related.Part("application/dicom", noPreamble),
        new Related.Part("application/dicom", Files.readAllBytes(jls())))),
        Related.contentType());
    assertEquals(202, r.statusCode(), new String(r.body()));
    JsonArray refs = json(r).getAsJsonObject().getAsJsonObject("00081199")
        .getAsJsonArray("Value");
    JsonObject repaired = refs.get(0).getAsJsonObject();
    assertEquals(Dcmtk.value(ct(), "0008,0018"), first(repaired, "00081155"));
    assertEquals(0xB000, repaired.getAsJsonObject("00081196").getAsJsonArray("Value").get(0)
        .getAsInt());
    assertEquals("US", repaired.getAsJsonObject("00081196").get("vr").getAsString());
    assertFalse(refs.get(1).getAsJsonObject().has("00081196"), "the clean file has no warning");
    HttpResponse<byte[]> stored = get(first(repaired, "00081190").substring(
        first(repaired, "00081190").indexOf("/dicomweb/")), "Accept",
        "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
    assertArrayEquals(noPreamble, Related.split(stored.body(),
        stored.headers().firstValue("Content-Type").orElseThrow()).get(0).body());
  }

  @Test
  void malformedStowBodiesAreSpecific4xxAndStoreNothing() throws Exception {
    byte[] ct = Files.readAllBytes(ct());
    assertProblem(stow("/dicomweb/studies", ct, "multipart/related; type=\"application/dicom\""),
        400, "boundary");
    byte[] whole = Related.build(List.of(new Related.Part("application/dicom", ct)));
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 200);
    assertProblem(stow("/dicomweb/studies", truncated, Related.contentType()), 400, "");
    assertProblem(stow("/dicomweb/studies", Related.build(List.of(new Related.Part(null, ct))),
        Related.contentType()), 400, "Content-Type");
    assertProblem(stow("/dicomweb/studies", ct, "text/plain"), 415, "");
    assertProblem(stow("/dicomweb/studies/not-a-uid", whole, Related.contentType()), 400, "UID");
    byte[] big = new byte[2_100_000];
    HttpResponse<byte[]> tooLarge = stow("/dicomweb/studies",
        Related.build(List.of(new Related.Part("application/dicom", big))), Related.contentType());
    assertEquals(413, tooLarge.statusCode());
    assertEquals("[]", new String(get("/dicomweb/studies").body()).strip(), "nothing stored");
    assertEquals(200, get("/health").statusCode(), "the server stays healthy");
  }

  static void assertProblem(HttpResponse<byte[]> r, int status, String detailContains) {
    assertEquals(status, r.statusCode(), new String(r.body()));
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type")
        .orElseThrow());
    assertTrue(json(r).getAsJsonObject().get("detail").getAsString().contains(detailContains),
        new String(r.body()));
  }

  @Test
  void qidoFindsStudiesSeriesAndInstancesWithComputedAttributes() throws Exception {
    stowFiles("/dicomweb/studies", ct(), jls(), multiFrame());
    String ctStudy = Dcmtk.value(ct(), "0020,000d");
    JsonArray studies = json(get("/dicomweb/studies?PatientName=Compressed*")).getAsJsonArray();
    assertEquals(2, studies.size(), studies.toString());
    JsonArray byUid = json(get("/dicomweb/studies?StudyInstanceUID=" + ctStudy))
        .getAsJsonArray();
    assertEquals(1, byUid.size());
    JsonObject s = byUid.get(0).getAsJsonObject();
    assertEquals(Dcmtk.value(ct(), "0010,0010"), s.getAsJsonObject("00100010")
        .getAsJsonArray("Value").get(0).getAsJsonObject().get("Alphabetic").getAsString());
    assertEquals(Dcmtk.value(ct(), "0008,0060"), first(s, "00080061"));
    assertEquals(1, s.getAsJsonObject("00201206").getAsJsonArray("Value").get(0).getAsInt());
    assertEquals(1, s.getAsJsonObject("00201208").getAsJsonArray("Value").get(0).getAsInt());
    assertTrue(first(s, "00081190").endsWith("/dicomweb/studies/" + ctStudy));
    // Fuzzy PN matching is case-insensitive (PS3.18 §8.3.4.6).
    assertEquals(0, json(get("/dicomweb/studies?PatientName=compressed*")).getAsJsonArray()
        .size());
    assertEquals(2, json(get("/dicomweb/studies?PatientName=compressed*&fuzzymatching=true"))
        .getAsJsonArray().size());
    // Date ranges, by tag.
    String date = Dcmtk.value(ct(), "0008,0020");
    assertEquals(1, json(get("/dicomweb/studies?00080020=" + date + "-" + date))
        .getAsJsonArray().size());
    JsonArray series = json(get("/dicomweb/studies/" + ctStudy + "/series")).getAsJsonArray();
    assertEquals(1, series.size());
    assertEquals(Dcmtk.value(ct(), "0020,000e"), first(series.get(0).getAsJsonObject(),
        "0020000E"));
    JsonArray all = json(get("/dicomweb/instances?limit=2")).getAsJsonArray();
    assertEquals(2, all.size());
    HttpResponse<byte[]> limited = get("/dicomweb/instances?limit=2");
    assertTrue(limited.headers().firstValue("Warning").orElseThrow().contains(
        "Additional results"));
    JsonArray mrInstances = json(get("/dicomweb/series?Modality=MR")).getAsJsonArray();
    assertEquals(2, mrInstances.size());
  }

  @Test
  void qidoBadParametersAre400() throws Exception {
    assertProblem(get("/dicomweb/studies?NoSuchKeyword=1"), 400, "NoSuchKeyword");
    assertProblem(get("/dicomweb/studies?includefield=NotAKeyword"), 400, "NotAKeyword");
    assertProblem(get("/dicomweb/studies?StudyDate=2020-13"), 400, "StudyDate");
    assertProblem(get("/dicomweb/studies?StudyInstanceUID=1.2.x"), 400, "UID");
    assertProblem(get("/dicomweb/studies?limit=-1"), 400, "limit");
    assertEquals(406, get("/dicomweb/studies", "Accept", "application/dicom+xml").statusCode());
  }

  @Test
  void metadataIsTheDicomJsonOfEachInstanceWithResolvableBulkData() throws Exception {
    stowFiles("/dicomweb/studies", multiFrame());
    String study = Dcmtk.value(multiFrame(), "0020,000d");
    String series = Dcmtk.value(multiFrame(), "0020,000e");
    HttpResponse<byte[]> r = get("/dicomweb/studies/" + study + "/series/" + series
        + "/metadata", "Accept-Encoding", "gzip");
    assertEquals(200, r.statusCode());
    assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElseThrow());
    HttpResponse<byte[]> plain = get("/dicomweb/studies/" + study + "/metadata");
    JsonArray docs = json(plain).getAsJsonArray();
    assertEquals(1, docs.size());
    JsonObject ds = docs.get(0).getAsJsonObject();
    assertEquals(Dcmtk.value(multiFrame(), "0008,0018"), first(ds, "00080018"));
    assertEquals(Integer.parseInt(Dcmtk.value(multiFrame(), "0028,0008")),
        ds.getAsJsonObject("00280008").getAsJsonArray("Value").get(0).getAsInt());
    assertEquals("1.2.840.10008.1.2.1", first(ds, "00083002"));
    String pixelUri = ds.getAsJsonObject("7FE00010").get("BulkDataURI").getAsString();
    String etag = plain.headers().firstValue("ETag").orElseThrow();
    assertEquals(304, get("/dicomweb/studies/" + study + "/metadata", "If-None-Match", etag)
        .statusCode());
    // The Pixel Data BulkDataURI resolves to the native pixel data, frame by frame.
    HttpResponse<byte[]> pixels = get(pixelUri.substring(pixelUri.indexOf("/dicomweb/")));
    assertEquals(200, pixels.statusCode());
    List<Related.Part> frames = Related.split(pixels.body(),
        pixels.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(10, frames.size());
    byte[] all = Dcmtk.pixelItem(multiFrame(), 0, raw);
    java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
    frames.forEach(f -> joined.writeBytes(f.body()));
    assertArrayEquals(all, joined.toByteArray());
  }

  @Test
  void framesAreNativeByDefaultAndTheStoredBitstreamOnRequest() throws Exception {
    stowFiles("/dicomweb/studies", multiFrame(), jls());
    String base = "/dicomweb/studies/" + Dcmtk.value(multiFrame(), "0020,000d") + "/series/"
        + Dcmtk.value(multiFrame(), "0020,000e") + "/instances/"
        + Dcmtk.value(multiFrame(), "0008,0018");
    HttpResponse<byte[]> r = get(base + "/frames/2,10");
    assertEquals(200, r.statusCode(), new String(r.body()));
    List<Related.Part> parts = Related.split(r.body(),
        r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(2, parts.size());
    byte[] all = Dcmtk.pixelItem(multiFrame(), 0, raw);
    int frameBytes = 64 * 64 * 2;
    assertArrayEquals(java.util.Arrays.copyOfRange(all, frameBytes, 2 * frameBytes),
        parts.get(0).body());
    assertArrayEquals(java.util.Arrays.copyOfRange(all, 9 * frameBytes, 10 * frameBytes),
        parts.get(1).body());
    assertTrue(parts.get(0).contentType().startsWith("application/octet-stream"));
    assertProblem(get(base + "/frames/11"), 400, "frame 11");
    assertProblem(get(base + "/frames/0"), 400, "frame");
    assertProblem(get(base + "/frames/a,b"), 400, "frame list");

    String jlsBase = "/dicomweb/studies/" + Dcmtk.value(jls(), "0020,000d") + "/series/"
        + Dcmtk.value(jls(), "0020,000e") + "/instances/" + Dcmtk.value(jls(), "0008,0018");
    HttpResponse<byte[]> stored = get(jlsBase + "/frames/1", "Accept",
        "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
    List<Related.Part> jlsParts = Related.split(stored.body(),
        stored.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("image/jls; transfer-syntax=1.2.840.10008.1.2.4.80",
        jlsParts.get(0).contentType());
    assertArrayEquals(Dcmtk.pixelItem(jls(), 1, raw), jlsParts.get(0).body());
    HttpResponse<byte[]> decoded = get(jlsBase + "/frames/1");
    List<Related.Part> native1 = Related.split(decoded.body(),
        decoded.headers().firstValue("Content-Type").orElseThrow());
    // MR_small is the uncompressed original of the JPEG-LS lossless file.
    assertArrayEquals(Dcmtk.pixelItem(Corpus.pydicom("MR_small.dcm"), 0, raw),
        native1.get(0).body());
    assertEquals(406, get(jlsBase + "/frames/1", "Accept",
        "multipart/related; type=\"image/jp2\"").statusCode());
  }

  @Test
  void instancesAreRetrievedAsStoredOrAsExplicitVrLittleEndian() throws Exception {
    stowFiles("/dicomweb/studies", ct(), jls());
    String ctPath = "/dicomweb/studies/" + Dcmtk.value(ct(), "0020,000d");
    HttpResponse<byte[]> r = get(ctPath);
    assertEquals(200, r.statusCode());
    List<Related.Part> parts = Related.split(r.body(),
        r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(1, parts.size());
    assertArrayEquals(Files.readAllBytes(ct()), parts.get(0).body(),
        "a file stored as Explicit VR Little Endian is sent as its stored bytes");
    String jlsPath = "/dicomweb/studies/" + Dcmtk.value(jls(), "0020,000d") + "/series/"
        + Dcmtk.value(jls(), "0020,000e") + "/instances/" + Dcmtk.value(jls(), "0008,0018");
    HttpResponse<byte[]> asStored = get(jlsPath, "Accept",
        "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
    assertArrayEquals(Files.readAllBytes(jls()), Related.split(asStored.body(),
        asStored.headers().firstValue("Content-Type").orElseThrow()).get(0).body());
    HttpResponse<byte[]> transcoded = get(jlsPath);
    assertEquals(200, transcoded.statusCode());
    Path out = raw.resolve("transcoded.dcm");
    Files.write(out, Related.split(transcoded.body(),
        transcoded.headers().firstValue("Content-Type").orElseThrow()).get(0).body());
    assertEquals("1.2.840.10008.1.2.1", Dcmtk.value(out, "0002,0010"));
    Path rawDir = Files.createDirectories(raw.resolve("t"));
    assertArrayEquals(Dcmtk.pixelItem(Corpus.pydicom("MR_small.dcm"), 0, raw),
        Dcmtk.pixelItem(out, 0, rawDir), "decoded to the pixels of the uncompressed original");
    assertEquals(406, get(jlsPath, "Accept",
        "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50")
        .statusCode());
    assertEquals(404, get("/dicomweb/studies/1.2.3.4").statusCode());
  }

  @Test
  void renderedAndThumbnailsAreJpegByDefaultAndPngOnRequest() throws Exception {
    stowFiles("/dicomweb/studies", colourJpeg(), multiFrame());
    String study = Dcmtk.value(colourJpeg(), "0020,000d");
    String base = "/dicomweb/studies/" + study + "/series/" + Dcmtk.value(colourJpeg(),
        "0020,000e") + "/instances/" + Dcmtk.value(colourJpeg(), "0008,0018");
    HttpResponse<byte[]> jpeg = get(base + "/rendered");
    assertEquals(200, jpeg.statusCode(), new String(jpeg.body()));
    assertEquals("image/jpeg", jpeg.headers().firstValue("Content-Type").orElseThrow());
    assertEquals((byte) 0xFF, jpeg.body()[0]);
    assertEquals((byte) 0xD8, jpeg.body()[1]);
    HttpResponse<byte[]> png = get(base + "/frames/1/rendered?viewport=32,32", "Accept",
        "image/png");
    assertEquals("image/png", png.headers().firstValue("Content-Type").orElseThrow());
    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(
        new java.io.ByteArrayInputStream(png.body()));
    assertEquals(32, Math.max(img.getWidth(), img.getHeight()));
    HttpResponse<byte[]> thumb = get("/dicomweb/studies/" + study + "/thumbnail", "Accept",
        "image/png");
    java.awt.image.BufferedImage t = javax.imageio.ImageIO.read(
        new java.io.ByteArrayInputStream(thumb.body()));
    assertEquals(128, Math.max(t.getWidth(), t.getHeight()));
    assertEquals(406, get(base + "/rendered", "Accept", "image/gif").statusCode());
    assertProblem(get(base + "/rendered?window=1"), 400, "window");
    assertTrue(get(base + "/rendered?quality=50").headers().firstValue("Warning").isPresent());
    // Study/series rendered resources are optional (PS3.18 §10.4.1.1.3) and not offered.
    assertEquals(404, get("/dicomweb/studies/" + study + "/rendered").statusCode());
  }

  @Test
  void wadoUriServesJpegByDefaultDicomAndPng() throws Exception {
    stowFiles("/dicomweb/studies", ct(), jls());
    String q = "/wado?requestType=WADO&studyUID=" + Dcmtk.value(ct(), "0020,000d")
        + "&seriesUID=" + Dcmtk.value(ct(), "0020,000e") + "&objectUID="
        + Dcmtk.value(ct(), "0008,0018");
    HttpResponse<byte[]> jpeg = get(q);
    assertEquals(200, jpeg.statusCode(), new String(jpeg.body()));
    assertEquals("image/jpeg", jpeg.headers().firstValue("Content-Type").orElseThrow());
    HttpResponse<byte[]> dicom = get(q + "&contentType=application/dicom");
    assertArrayEquals(Files.readAllBytes(ct()), dicom.body());
    HttpResponse<byte[]> png = get(q + "&contentType=image/png&rows=64&columns=64"
        + "&windowCenter=40&windowWidth=400");
    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(
        new java.io.ByteArrayInputStream(png.body()));
    assertEquals(64, Math.max(img.getWidth(), img.getHeight()));
    assertProblem(get(q.replace("requestType=WADO", "requestType=X")), 400, "requestType");
    assertProblem(get(q + "&frameNumber=2"), 400, "frame");
    assertEquals(406, get(q + "&contentType=image/gif").statusCode());
    assertProblem(get(q + "&windowCenter=40"), 400, "windowWidth");
    String jlsQ = "/wado?requestType=WADO&studyUID=" + Dcmtk.value(jls(), "0020,000d")
        + "&seriesUID=" + Dcmtk.value(jls(), "0020,000e") + "&objectUID="
        + Dcmtk.value(jls(), "0008,0018");
    assertEquals(406, get(jlsQ + "&contentType=application/dicom"
        + "&transferSyntax=1.2.840.10008.1.2.4.50").statusCode());
  }

  @Test
  void corsPreflightAllowsAuthorizationAndExposesWarning() throws Exception {
    server.close();
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data)
        .withCorsOrigins(java.util.Set.of("http://viewer.example")));
    HttpResponse<byte[]> pre = http.send(HttpRequest.newBuilder(URI.create(base()
        + "/dicomweb/studies")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://viewer.example")
        .header("Access-Control-Request-Method", "GET").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(204, pre.statusCode());
    assertTrue(pre.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()
        .contains("Authorization"));
    HttpResponse<byte[]> r = get("/dicomweb/studies?limit=1", "Origin", "http://viewer.example");
    assertTrue(r.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()
        .contains("Warning"));
  }
}
