package dev.lightbox.http.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.lightbox.http.Corpus;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.dimse.DicomConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants (issue 14): two tenants store the same SOP Instance UID with different bytes; both
 * succeed, each sees only its own on every route (own routes, QIDO-RS, WADO-RS, WADO-URI,
 * rendered, file), and a delete in one leaves the other's instance and blob intact. Identities
 * from dcmdump of CT_small.dcm (pydicom test files).
 */
class TenantIsolationTest {
  static final String SOP = AccessMatrixTest.SOP;
  static final String STUDY = AccessMatrixTest.STUDY;
  static final String SERIES = AccessMatrixTest.SERIES;

  @TempDir Path data;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .build();
  private LightboxServer server;
  private AuthFixture tokens;
  private String base;
  private String acme;
  private String globex;
  private byte[] acmeBytes;
  private byte[] globexBytes;

  @BeforeEach
  void start() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(data);
    tokens = new AuthFixture(config.services());
    server = LightboxServer.start(config, DicomConfig.off(), AccessConfig.authRequired());
    base = server.baseUrl().replaceAll("/$", "");
    acme = AuthFixture.bearer(tokens.full);
    globex = AuthFixture.bearer(tokens.otherTenant);
    acmeBytes = Files.readAllBytes(Corpus.pydicom("CT_small.dcm"));
    // The same instance with one pixel changed: the last byte of the file is Pixel Data.
    globexBytes = acmeBytes.clone();
    globexBytes[globexBytes.length - 1] ^= 0x01;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void eachTenantSeesOnlyItsOwnInstanceOfTheSameUid() throws Exception {
    assertEquals(201, upload(acme, acmeBytes).statusCode());
    assertEquals(201, upload(globex, globexBytes).statusCode(),
        "another tenant's instance of the same UID is no conflict");

    for (String[] who : new String[][] {{acme, "a"}, {globex, "g"}}) {
      byte[] own = who[1].equals("a") ? acmeBytes : globexBytes;
      String token = who[0];
      assertArrayEquals(own, get(token, "/instances/" + SOP + "/file").body());
      assertArrayEquals(own, get(token, "/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID="
          + SERIES + "&objectUID=" + SOP + "&contentType=application/dicom").body());
      byte[] wado = get(token, "/dicomweb/studies/" + STUDY + "/series/" + SERIES + "/instances/"
          + SOP).body();
      byte[] other = who[1].equals("a") ? globexBytes : acmeBytes;
      assertTrue(indexOf(wado, own) >= 0, "WADO-RS carries the tenant's own file");
      assertTrue(indexOf(wado, other) < 0, "WADO-RS carries nothing of the other tenant's file");
      JsonArray qido = JsonParser.parseString(new String(get(token, "/dicomweb/instances?"
          + "SOPInstanceUID=" + SOP).body(), StandardCharsets.UTF_8)).getAsJsonArray();
      assertEquals(1, qido.size(), "QIDO-RS finds one instance of the UID per tenant");
      assertEquals(1, JsonParser.parseString(new String(get(token, "/instances").body(),
          StandardCharsets.UTF_8)).getAsJsonObject().get("total").getAsLong());
      assertEquals(200, get(token, "/instances/" + SOP + "/rendered").statusCode());
      assertEquals(200, get(token, "/instances/" + SOP + "/attributes/PatientName").statusCode());
    }

    assertEquals(204, send(acme, "DELETE", "/instances/" + SOP, null).statusCode());
    assertEquals(404, get(acme, "/instances/" + SOP + "/file").statusCode());
    assertArrayEquals(globexBytes, get(globex, "/instances/" + SOP + "/file").body(),
        "a delete in one tenant leaves the other's instance");
    assertEquals(1, JsonParser.parseString(new String(get(globex, "/dicomweb/instances?"
        + "SOPInstanceUID=" + SOP).body(), StandardCharsets.UTF_8)).getAsJsonArray().size());
    assertEquals(0, JsonParser.parseString(new String(get(acme, "/dicomweb/instances?"
        + "SOPInstanceUID=" + SOP).body(), StandardCharsets.UTF_8)).getAsJsonArray().size());
  }

  @Test
  void aBlobSharedByTwoTenantsSurvivesADeleteInOne() throws Exception {
    assertEquals(201, upload(acme, acmeBytes).statusCode());
    assertEquals(201, upload(globex, acmeBytes).statusCode(), "same bytes, same blob, two rows");
    // Cached answers of one tenant never answer the other after its delete.
    assertEquals(200, get(acme, "/instances/" + SOP + "/attributes/PatientName").statusCode());
    assertEquals(204, send(globex, "DELETE", "/instances/" + SOP, null).statusCode());
    assertEquals(404, get(globex, "/instances/" + SOP + "/attributes/PatientName").statusCode());
    assertArrayEquals(acmeBytes, get(acme, "/instances/" + SOP + "/file").body(),
        "the blob both referred to is still there for the tenant that kept it");
    assertEquals(200, get(acme, "/instances/" + SOP + "/rendered").statusCode());
  }

  private HttpResponse<byte[]> upload(String token, byte[] file) throws Exception {
    return send(token, "POST", "/instances", file);
  }

  private HttpResponse<byte[]> get(String token, String path) throws Exception {
    return send(token, "GET", path, null);
  }

  private HttpResponse<byte[]> send(String token, String method, String path, byte[] body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", token).timeout(Duration.ofSeconds(30));
    if (body != null) {
      b.header("Content-Type", "application/dicom");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
