package dev.lightbox.http;

import static dev.lightbox.http.LightboxServerTest.CT_ID;
import static dev.lightbox.http.LightboxServerTest.assertProblem;
import static dev.lightbox.http.TestClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics, access log, CORS, gzip, bulk data, the served spec and the render cache. */
class OperationsTest {
  static final String ORIGIN = "https://viewer.example";
  @TempDir Path data;
  LightboxServer server;
  TestClient client;
  final List<String> accessLog = new ArrayList<>();
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      synchronized (accessLog) {
        accessLog.add(r.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void start() throws Exception {
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data)
        .withCorsOrigins(Set.of(ORIGIN)));
    client = new TestClient(server.baseUrl());
    dev.lightbox.http.support.Observability.ACCESS_LOG.addHandler(capture);
  }

  @AfterEach
  void stop() {
    dev.lightbox.http.support.Observability.ACCESS_LOG.removeHandler(capture);
    server.close();
  }

  static double sample(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1));
      }
    }
    return Double.NaN;
  }

  @Test
  void metricsUseRouteTemplatesAndCountStatusesBytesAndTimings() throws Exception {
    HttpResponse<byte[]> up = client.upload(Corpus.pydicom("CT_small.dcm"));
    assertEquals(201, up.statusCode());
    assertEquals(200, client.get("/instances/" + CT_ID + "/attributes").statusCode());
    assertEquals(200, client.get("/instances/" + CT_ID + "/rendered").statusCode());
    assertEquals(200, client.get("/instances/" + CT_ID + "/rendered").statusCode());
    client.get("/instances/1.2.3/attributes");
    client.get("/no/such/route");
    HttpResponse<byte[]> m = client.get("/metrics");
    assertEquals(200, m.statusCode());
    assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    String s = new String(m.body(), StandardCharsets.UTF_8);
    assertEquals(1, sample(s, "lightbox_http_requests_total{route=\"/instances\",method=\"POST\","
        + "status=\"201\"}"));
    assertEquals(1, sample(s, "lightbox_http_requests_total{route=\"/instances/{id}/attributes\","
        + "method=\"GET\",status=\"404\"}"));
    assertEquals(1, sample(s, "lightbox_http_requests_total{route=\"unmatched\",method=\"GET\","
        + "status=\"404\"}"));
    assertFalse(s.contains(CT_ID), "raw ids must not become labels");
    assertEquals(2, sample(s, "lightbox_http_request_duration_seconds_count"
        + "{route=\"/instances/{id}/rendered\"}"));
    assertEquals(2, sample(s, "lightbox_http_request_duration_seconds_bucket"
        + "{route=\"/instances/{id}/rendered\",le=\"+Inf\"}"));
    assertEquals(39206, sample(s, "lightbox_http_request_bytes_total{route=\"/instances\"}"));
    assertTrue(sample(s, "lightbox_http_response_bytes_total{route=\"/instances/{id}/rendered\"}")
        > 1000);
    assertEquals(1, sample(s, "lightbox_store_duration_seconds_count"));
    assertEquals(1, sample(s, "lightbox_render_duration_seconds_count"), "second render cached");
    assertEquals(1, sample(s, "lightbox_render_cache_hits_total"));
    assertTrue(sample(s, "lightbox_index_duration_seconds_count") >= 4);
    // Every sample line is "name{labels} value" or "name value" (text format 0.0.4).
    Pattern line = Pattern.compile("[a-z_]+(\\{.*\\})? [0-9.E+-]+|# (HELP|TYPE) .*");
    for (String l : s.split("\n")) {
      assertTrue(line.matcher(l).matches(), l);
    }
  }

  @Test
  void everyRequestGetsOneAccessLogLine() throws Exception {
    HttpResponse<byte[]> r = client.get("/health", "X-Request-Id", "trace-42");
    assertEquals(200, r.statusCode());
    client.get("/instances/not-a-uid");
    long deadline = System.currentTimeMillis() + 2000;
    while (System.currentTimeMillis() < deadline) {
      synchronized (accessLog) {
        if (accessLog.size() >= 2) {
          break;
        }
      }
      Thread.sleep(10);
    }
    synchronized (accessLog) {
      assertEquals(2, accessLog.size(), accessLog.toString());
      assertTrue(accessLog.get(0).matches("GET /health status=200 duration_ms=[0-9.]+ bytes_in=0 "
          + "bytes_out=[1-9][0-9]* request_id=trace-42"), accessLog.get(0));
      assertTrue(accessLog.get(1).startsWith("GET /instances/{id} status=400 "), accessLog.get(1));
    }
  }

  @Test
  void corsAnswersPreflightAndEchoesOnlyConfiguredOrigins() throws Exception {
    HttpResponse<byte[]> pre = client.send(client.request("/instances")
        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
        .header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type, x-request-id").build());
    assertEquals(204, pre.statusCode());
    assertEquals(ORIGIN, pre.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertTrue(pre.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()
        .contains("POST"));
    assertEquals("content-type, x-request-id",
        pre.headers().firstValue("Access-Control-Allow-Headers").orElseThrow());
    HttpResponse<byte[]> get = client.get("/health", "Origin", ORIGIN);
    assertEquals(ORIGIN, get.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    String expose = get.headers().firstValue("Access-Control-Expose-Headers").orElseThrow();
    for (String h : new String[] {"ETag", "X-Request-Id", "Location", "Content-Disposition"}) {
      assertTrue(expose.contains(h), expose);
    }
    HttpResponse<byte[]> other = client.get("/health", "Origin", "https://evil.example");
    assertFalse(other.headers().firstValue("Access-Control-Allow-Origin").isPresent());
  }

  @Test
  void corsIsOffByDefault() throws Exception {
    try (LightboxServer plain = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(data.resolve("plain")))) {
      TestClient c = new TestClient(plain.baseUrl());
      assertFalse(c.get("/health", "Origin", ORIGIN).headers()
          .firstValue("Access-Control-Allow-Origin").isPresent());
      HttpResponse<byte[]> pre = c.send(c.request("/instances")
          .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
          .header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST").build());
      assertProblem(pre, 405);
    }
  }

  @Test
  void jsonIsGzippedWhenAcceptedAndDecodesToTheSameDocument() throws Exception {
    client.upload(Corpus.pydicom("CT_small.dcm"));
    client.upload(Corpus.pydicom("MR_small.dcm")); // a list long enough to be worth compressing
    for (String path : new String[] {"/instances/" + CT_ID + "/attributes", "/instances"}) {
      HttpResponse<byte[]> plain = client.get(path);
      HttpResponse<byte[]> gz = client.get(path, "Accept-Encoding", "gzip");
      assertFalse(plain.headers().firstValue("Content-Encoding").isPresent());
      assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElseThrow(), path);
      assertTrue(gz.headers().allValues("Vary").toString().contains("Accept-Encoding"));
      byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes();
      assertEquals(JsonParser.parseString(new String(plain.body(), StandardCharsets.UTF_8)),
          JsonParser.parseString(new String(inflated, StandardCharsets.UTF_8)));
      assertFalse(client.get(path, "Accept-Encoding", "gzip;q=0").headers()
          .firstValue("Content-Encoding").isPresent());
    }
  }

  /**
   * The oracle is the file itself: in explicit VR little endian, (0043,1029) OB is the bytes
   * 43 00 29 10 'O' 'B' 00 00, a 4-byte length, then the value (PS3.5 §7.1.2).
   */
  @Test
  void bulkDataUriServesTheValueBytes() throws Exception {
    Path file = Corpus.pydicom("CT_small.dcm");
    client.upload(file);
    String uri = json(client.get("/instances/" + CT_ID + "/attributes?tag=00431029"))
        .getAsJsonObject("00431029").get("BulkDataURI").getAsString();
    assertEquals("/instances/" + CT_ID + "/bulk/00431029", uri);
    HttpResponse<byte[]> r = client.get(uri);
    assertEquals(200, r.statusCode(), new String(r.body()));
    assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
    byte[] bytes = Files.readAllBytes(file);
    byte[] header = {0x43, 0, 0x29, 0x10, 'O', 'B', 0, 0};
    int at = indexOf(bytes, header);
    assertTrue(at > 0);
    int length = (bytes[at + 8] & 0xff) | (bytes[at + 9] & 0xff) << 8
        | (bytes[at + 10] & 0xff) << 16 | (bytes[at + 11] & 0xff) << 24;
    assertArrayEquals(java.util.Arrays.copyOfRange(bytes, at + 12, at + 12 + length), r.body());
    String etag = r.headers().firstValue("ETag").orElseThrow();
    assertEquals(304, client.get(uri, "If-None-Match", etag).statusCode());
    assertProblem(client.get("/instances/" + CT_ID + "/bulk/00100010"), 404);
    assertProblem(client.get("/instances/" + CT_ID + "/bulk/NotAKeyword"), 400);
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void theServedSpecIsDocsOpenapiYaml() throws Exception {
    HttpResponse<byte[]> r = client.get("/openapi.yaml");
    assertEquals(200, r.statusCode());
    Path docs = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/openapi.yaml");
    assertArrayEquals(Files.readAllBytes(docs), r.body());
  }

  @Test
  void renderCacheAnswersRepeatsWithIdenticalBytes() throws Exception {
    client.upload(Corpus.pydicom("CT_small.dcm"));
    HttpResponse<byte[]> a = client.get("/instances/" + CT_ID + "/rendered?window=40,400");
    HttpResponse<byte[]> b = client.get("/instances/" + CT_ID + "/rendered?window=40,400");
    HttpResponse<byte[]> c = client.get("/instances/" + CT_ID + "/rendered?window=40,401");
    assertArrayEquals(a.body(), b.body());
    assertEquals(a.headers().firstValue("ETag"), b.headers().firstValue("ETag"));
    assertFalse(a.headers().firstValue("ETag").equals(c.headers().firstValue("ETag")));
    String s = server.metrics().scrape();
    Matcher hits = Pattern.compile("lightbox_render_cache_hits_total (\\d+)").matcher(s);
    assertTrue(hits.find());
    assertEquals("1", hits.group(1));
  }
}
