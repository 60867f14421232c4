package dev.lightbox.http;

import static dev.lightbox.http.LightboxServerTest.CT_ID;
import static dev.lightbox.http.TestClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.storage.blob.S3Config;
import dev.lightbox.storage.index.PostgresConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server in cluster mode: blobs in S3 (s3proxy on loopback, in-memory backend) and the index
 * in the real PostgreSQL of {@code LIGHTBOX_TEST_POSTGRES_URL} (scripts/test.sh starts one). Two
 * nodes share the stores, so an instance uploaded to one is served by the other.
 */
class ClusterModeTest {
  static final String ACCESS = "lightbox-http-test";
  static final String SECRET = "lightbox-http-test-secret";

  @TempDir Path data;

  static String postgresUrl() {
    String url = System.getenv("LIGHTBOX_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      String msg = "LIGHTBOX_TEST_POSTGRES_URL is not set: run scripts/test.sh, or start a cluster "
          + "with scripts/postgres-test-cluster.sh";
      dev.lightbox.http.testing.Ci.cannotRun(msg);
    }
    return url;
  }

  @Test
  void uploadAttributeRenderDownloadDeleteAcrossTwoNodes() throws Exception {
    String url = postgresUrl();
    dev.lightbox.http.testing.TestPostgres.dropLightboxTables(url);
    S3Proxy proxy = S3Proxies.start("lightbox", ACCESS, SECRET);
    try {
      S3Config s3 = S3Config.selfHosted(URI.create("http://127.0.0.1:" + proxy.getPort()),
          "lightbox", ACCESS, SECRET).withTimeout(Duration.ofSeconds(10), 2);
      ServerConfig config = ServerConfig.defaults().withPort(0).withServices(s -> s
          .withS3(Optional.of(s3)).withPostgres(Optional.of(PostgresConfig.of(url))));
      try (LightboxServer a = LightboxServer.start(config.withDataDir(data.resolve("a")));
          LightboxServer b = LightboxServer.start(config.withDataDir(data.resolve("b")))) {
        TestClient ca = new TestClient(a.baseUrl());
        TestClient cb = new TestClient(b.baseUrl());
        Path ct = Corpus.pydicom("CT_small.dcm");
        assertEquals(201, ca.upload(ct).statusCode());
        assertEquals(200, cb.upload(ct).statusCode());
        assertTrue(json(cb.get("/health")).get("storage").getAsString().contains("s3"),
            json(cb.get("/health")).toString());
        assertEquals("CT", json(cb.get("/instances/" + CT_ID + "/attributes/Modality"))
            .getAsJsonArray("Value").get(0).getAsString());
        HttpResponse<byte[]> png = cb.get("/instances/" + CT_ID + "/rendered");
        assertEquals(200, png.statusCode(), new String(png.body()));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertEquals(128, img.getWidth()); // Rows = Columns = 128 (dcmdump)
        assertArrayEquals(Files.readAllBytes(ct), cb.get("/instances/" + CT_ID + "/file").body());
        HttpResponse<byte[]> range = cb.get("/instances/" + CT_ID + "/file", "Range",
            "bytes=128-131");
        assertEquals(206, range.statusCode());
        assertArrayEquals("DICM".getBytes(), range.body());
        assertEquals(200, cb.get("/instances/" + CT_ID + "/bulk/00431029").statusCode());
        assertEquals(204, cb.send(cb.request("/instances/" + CT_ID).DELETE().build())
            .statusCode());
        assertEquals(404, ca.get("/instances/" + CT_ID).statusCode());
        // Spooled render files are removed: only the (empty) tmp directory remains.
        try (var left = Files.list(data.resolve("b").resolve("tmp"))) {
          assertEquals(0, left.count());
        }
      }
    } finally {
      proxy.stop();
    }
  }
}
