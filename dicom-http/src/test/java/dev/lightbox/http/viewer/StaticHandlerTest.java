package dev.lightbox.http.viewer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The viewer's files as served by the real server: types, caching, HEAD, and no way out of static/. */
class StaticHandlerTest {
  @TempDir static Path data;
  static LightboxServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path.substring(1)));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static byte[] classpath(String name) throws IOException {
    try (InputStream in = StaticHandlerTest.class.getClassLoader()
        .getResourceAsStream("static/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void rootServesTheIndexPageAsHtmlWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<byte[]> r = get("/");
    assertEquals(200, r.statusCode());
    assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(classpath("index.html"), r.body());
    assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow()
        .startsWith("default-src 'self'"));
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"js/app.js:text/javascript; charset=utf-8",
      "style.css:text/css; charset=utf-8", "icon.svg:image/svg+xml"})
  void staticFilesCarryTheirContentType(String spec) throws Exception {
    String name = spec.substring(0, spec.indexOf(':'));
    HttpResponse<byte[]> r = get("/static/" + name);
    assertEquals(200, r.statusCode());
    assertEquals(spec.substring(spec.indexOf(':') + 1),
        r.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(classpath(name), r.body());
  }

  @Test
  void etagRevalidationAnswers304WithoutABody() throws Exception {
    HttpResponse<byte[]> first = get("/static/js/viewer.js");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertEquals("no-cache", first.headers().firstValue("Cache-Control").orElseThrow());
    HttpResponse<byte[]> again = get("/static/js/viewer.js", "If-None-Match", etag);
    assertEquals(304, again.statusCode());
    assertEquals(0, again.body().length);
  }

  @Test
  void gzipIsUsedOnlyWhenAccepted() throws Exception {
    HttpResponse<byte[]> r = get("/static/js/viewer.js", "Accept-Encoding", "gzip");
    assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElseThrow());
    byte[] plain = new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
    assertArrayEquals(classpath("js/viewer.js"), plain);
    HttpResponse<byte[]> refused = get("/static/js/viewer.js", "Accept-Encoding", "gzip;q=0");
    assertTrue(refused.headers().firstValue("Content-Encoding").isEmpty());
  }

  @Test
  void headSendsTheHeadersOnly() throws Exception {
    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "static/style.css")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertEquals(String.valueOf(classpath("style.css").length),
        r.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(0, r.body().length);
  }

  @Test
  void dictionaryMapsTagsToTheKeywordsOfPs36() throws Exception {
    HttpResponse<byte[]> r = get("/static/dictionary.json");
    assertEquals(200, r.statusCode());
    JsonObject dict = JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8))
        .getAsJsonObject();
    // PS3.6 Table 6-1: (0010,0010) Patient's Name, (0028,1050) Window Center, (60xx,3000).
    assertEquals("PatientName", dict.getAsJsonArray("00100010").get(0).getAsString());
    assertEquals("Window Center", dict.getAsJsonArray("00281050").get(1).getAsString());
    assertEquals("OverlayData", dict.getAsJsonArray("60xx3000").get(0).getAsString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/static/missing.js", "/static/js", "/static/../pom.xml",
      "/static/%2e%2e/%2e%2e/pom.xml", "/static/..%2fLightboxServer.class",
      "/static/.hidden.js", "/static/js/app", "/static/dev/lightbox/http/Routes.class",
      "/static/js//app.js", "/index.html"})
  void pathsOutsideTheViewerAreNotFound(String path) throws Exception {
    assertEquals(404, rawStatus(path));
  }

  /** A raw request line, so the client does not normalise dot segments first. */
  static int rawStatus(String path) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(status.substring(9, 12));
    }
  }
}
