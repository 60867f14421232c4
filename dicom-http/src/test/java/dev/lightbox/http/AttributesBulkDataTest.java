package dev.lightbox.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.lightbox.http.dicomweb.Dcmtk;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /instances/{id}/attributes} lists Pixel Data (7FE0,0010) and the other large binary
 * values as BulkDataURIs (PS3.18 Annex F: bulk data is given by reference, never left out), and
 * each URI resolves on {@code /instances/{id}/bulk/…} to exactly the stored value bytes. Expected
 * bytes come from dcmtk: {@code dcmdump +W} for pixel data and its items, {@code dcmdump +L} for
 * other OB values.
 */
class AttributesBulkDataTest {
  @TempDir Path data;
  @TempDir Path raw;
  LightboxServer server;
  TestClient client;

  @BeforeEach
  void start() throws Exception {
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data));
    client = new TestClient(server.baseUrl());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The bytes a BulkDataURI of the attributes answer resolves to. */
  byte[] resolve(JsonObject attribute) throws Exception {
    String uri = attribute.get("BulkDataURI").getAsString();
    assertTrue(uri.startsWith("/instances/"), uri);
    HttpResponse<byte[]> r = client.get(uri);
    assertEquals(200, r.statusCode(), uri + ": " + new String(r.body()));
    assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
    return r.body();
  }

  @Test
  void nativePixelDataAndOtherLargeValuesAreBulkDataUrisToTheirExactBytes() throws Exception {
    Path overlay = Corpus.pydicom("examples_overlay.dcm");
    assertEquals(201, client.upload(overlay).statusCode());
    String id = Dcmtk.value(overlay, "0008,0018");
    JsonObject ds = TestClient.json(client.get("/instances/" + id + "/attributes"));
    JsonObject pixels = ds.getAsJsonObject("7FE00010");
    assertEquals("OW", pixels.get("vr").getAsString());
    assertFalse(pixels.has("Value") || pixels.has("InlineBinary"));
    // dcmdump +W: item 0 is the icon's Pixel Data (inside 0088,0200), item 1 the image's.
    assertArrayEquals(Dcmtk.pixelItem(overlay, 1, raw), resolve(pixels));
    JsonObject icon = ds.getAsJsonObject("00880200").getAsJsonArray("Value").get(0)
        .getAsJsonObject().getAsJsonObject("7FE00010");
    assertArrayEquals(Dcmtk.pixelItem(overlay, 0, raw), resolve(icon));

    Path ct = Corpus.pydicom("CT_small.dcm");
    client.upload(ct);
    JsonObject ctDs = TestClient.json(client.get("/instances/" + Dcmtk.value(ct, "0008,0018")
        + "/attributes"));
    // (0043,1029) OB of 2068 bytes: too large to inline, so a BulkDataURI.
    assertArrayEquals(Dcmtk.obValue(ct, "0043,1029"), resolve(ctDs.getAsJsonObject("00431029")));
    assertArrayEquals(Dcmtk.pixelItem(ct, 0, raw), resolve(ctDs.getAsJsonObject("7FE00010")));
  }

  /**
   * Encapsulated Pixel Data resolves to its value field as stored: every item (Basic Offset Table
   * first) with its 8-byte item header (FFFE,E000 and the 32-bit length, little endian, PS3.5
   * §A.4), without the Sequence Delimitation Item; item contents from {@code dcmdump +W}.
   */
  @Test
  void encapsulatedPixelDataResolvesToItsItemsAsStored() throws Exception {
    Path jls = Corpus.pydicom("MR_small_jpeg_ls_lossless.dcm");
    assertEquals(201, client.upload(jls).statusCode());
    JsonObject ds = TestClient.json(client.get("/instances/" + Dcmtk.value(jls, "0008,0018")
        + "/attributes"));
    JsonObject pixels = ds.getAsJsonObject("7FE00010");
    assertEquals("OB", pixels.get("vr").getAsString());
    int items = Dcmtk.pixelItemCount(jls, raw);
    assertTrue(items >= 2, "offset table and at least one fragment");
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int i = 0; i < items; i++) {
      byte[] item = Files.readAllBytes(raw.resolve(jls.getFileName() + "." + i + ".raw"));
      expected.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0,
          (byte) item.length, (byte) (item.length >>> 8), (byte) (item.length >>> 16),
          (byte) (item.length >>> 24)});
      expected.writeBytes(item);
    }
    assertArrayEquals(expected.toByteArray(), resolve(pixels));
  }

  @Test
  void instancesWithoutPixelDataListNone() throws Exception {
    Path plan = Corpus.pydicom("rtplan.dcm");
    client.upload(plan);
    String id = Dcmtk.value(plan, "0008,0018");
    JsonObject ds = TestClient.json(client.get("/instances/" + id + "/attributes"));
    assertFalse(ds.has("7FE00010"));
    assertEquals(404, client.get("/instances/" + id + "/bulk/7FE00010").statusCode());
  }
}
