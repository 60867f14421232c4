package dev.lightbox.http;

import static dev.lightbox.http.LightboxServerTest.CT_ID;
import static dev.lightbox.http.LightboxServerTest.MR_ID;
import static dev.lightbox.http.LightboxServerTest.assertProblem;
import static dev.lightbox.http.TestClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.http.testing.TestPostgres;
import dev.lightbox.storage.blob.S3BlobStore;
import dev.lightbox.storage.blob.S3Config;
import dev.lightbox.storage.index.PostgresConfig;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, store faults in cluster mode: with PostgreSQL stopped, or the S3 endpoint gone,
 * requests that need that store fail within a bounded time with 503 {@code storage-unavailable}
 * naming the store ({@code index} or {@code blob store}), readiness turns 503 naming it, uploads
 * refused meanwhile leave nothing behind, and everything works again as soon as the store is back,
 * without restarting the server.
 */
class StoreFaultTest {
  static final String BUCKET = "lightbox";
  static final String ACCESS = "lightbox-fault-test";
  static final String SECRET = "lightbox-fault-test-secret";
  /** How long a request may wait for a pooled connection (a short one keeps the test short). */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path data;
  TransientNio2BlobStore backend;
  S3Proxy proxy;
  int s3Port;
  S3Config s3;
  LightboxServer server;
  TestClient client;

  @BeforeEach
  void start() throws Exception {
    String url = TestPostgres.requireUrl();
    dev.lightbox.http.testing.TestPostgres.dropLightboxTables(url);
    backend = new TransientNio2BlobStore();
    backend.createContainer(BUCKET);
    proxy = S3Proxies.start(backend, 0, ACCESS, SECRET);
    s3Port = proxy.getPort();
    s3 = S3Config.selfHosted(URI.create("http://127.0.0.1:" + s3Port), BUCKET, ACCESS, SECRET)
        .withTimeout(Duration.ofSeconds(10), 2);
    PostgresConfig pg = PostgresConfig.of(url).withConnectionTimeout(CONNECTION_TIMEOUT);
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data)
        .withServices(c -> c.withS3(Optional.of(s3)).withPostgres(Optional.of(pg))));
    client = new TestClient(server.baseUrl());
    assertEquals(201, client.upload(Corpus.pydicom("CT_small.dcm")).statusCode());
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.stop();
    }
  }

  @Test
  void anIndexOutageIsA503NamingTheIndexAndEndsWhenPostgresReturns() throws Exception {
    TestPostgres.requireControllable();
    long blobsBefore = s3Objects();
    TestPostgres.stop();
    try {
      assertNotReady("index");
      assertStoreDown("/instances/" + CT_ID, "index", CONNECTION_TIMEOUT.multipliedBy(3));
      assertStoreDown("/instances?limit=5", "index", CONNECTION_TIMEOUT.multipliedBy(3));
      HttpResponse<byte[]> upload = timed(() -> client.upload(Corpus.pydicom("MR_small.dcm")),
          CONNECTION_TIMEOUT.multipliedBy(4));
      assertStoreProblem(upload, "index");
      assertEquals(200, client.get("/health/live").statusCode(), "liveness checks no store");
    } finally {
      TestPostgres.start();
    }
    awaitStatus("/health/ready", 200, Duration.ofSeconds(30));
    assertEquals(blobsBefore, s3Objects(), "the refused upload wrote no blob");
    assertEquals(404, client.get("/instances/" + MR_ID).statusCode(), "and no row");
    assertArrayEquals(Files.readAllBytes(Corpus.pydicom("CT_small.dcm")),
        client.get("/instances/" + CT_ID + "/file").body());
    assertEquals(201, client.upload(Corpus.pydicom("MR_small.dcm")).statusCode());
  }

  @Test
  void aBlobStoreOutageIsA503NamingTheBlobStoreAndEndsWhenS3Returns() throws Exception {
    proxy.stop();
    proxy = null;
    try {
      assertNotReady("blob store");
      assertStoreDown("/instances/" + CT_ID + "/file", "blob store", Duration.ofSeconds(10));
      assertEquals(200, client.get("/instances/" + CT_ID).statusCode(),
          "what the index alone answers is still served");
      HttpResponse<byte[]> upload = timed(() -> client.upload(Corpus.pydicom("MR_small.dcm")),
          Duration.ofSeconds(10));
      assertStoreProblem(upload, "blob store");
      assertEquals(404, client.get("/instances/" + MR_ID).statusCode(),
          "no index row without its blob");
    } finally {
      if (proxy == null) {
        proxy = S3Proxies.start(backend, s3Port, ACCESS, SECRET); // same port, same objects
      }
    }
    awaitStatus("/health/ready", 200, Duration.ofSeconds(30));
    assertArrayEquals(Files.readAllBytes(Corpus.pydicom("CT_small.dcm")),
        client.get("/instances/" + CT_ID + "/file").body());
    assertEquals(201, client.upload(Corpus.pydicom("MR_small.dcm")).statusCode());
    assertArrayEquals(Files.readAllBytes(Corpus.pydicom("MR_small.dcm")),
        client.get("/instances/" + MR_ID + "/file").body());
  }

  /**
   * Readiness turns 503 naming {@code store} within a few seconds (the last result is kept for a
   * second), and no probe takes more than its bound of 0.8 s (plus slack for this shared machine).
   */
  private void assertNotReady(String store) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    HttpResponse<byte[]> r = timed(() -> client.get("/health/ready"), Duration.ofSeconds(1));
    while (r.statusCode() == 200 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      r = timed(() -> client.get("/health/ready"), Duration.ofSeconds(1));
    }
    assertStoreProblem(r, store);
  }

  /** GET {@code path} answers 503 naming {@code store} within {@code bound}. */
  private void assertStoreDown(String path, String store, Duration bound) throws Exception {
    assertStoreProblem(timed(() -> client.get(path), bound), store);
  }

  private static void assertStoreProblem(HttpResponse<byte[]> r, String store) {
    assertProblem(r, 503);
    var p = json(r);
    assertEquals("/problems/storage-unavailable", p.get("type").getAsString(), p.toString());
    assertEquals(store, p.get("store").getAsString(), p.toString());
    assertTrue(r.headers().firstValue("Retry-After").isPresent(), "Retry-After");
    String detail = p.get("detail").getAsString();
    assertFalse(detail.contains("127.0.0.1") || detail.contains("jdbc") || detail.contains(":"
        + "5432"), "no host or driver text in the answer: " + detail);
  }

  @FunctionalInterface
  interface Call {
    HttpResponse<byte[]> get() throws Exception;
  }

  /** Runs {@code call} and fails when it took longer than {@code bound}. */
  private static HttpResponse<byte[]> timed(Call call, Duration bound) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r = call.get();
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    Supplier<String> body = () -> new String(r.body(), StandardCharsets.UTF_8);
    assertTrue(ms <= bound.toMillis() + 1000, "took " + ms + " ms (bound " + bound.toMillis()
        + " ms): " + body.get());
    return r;
  }

  private void awaitStatus(String path, int status, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    HttpResponse<byte[]> r = client.get(path);
    while (r.statusCode() != status && System.nanoTime() < deadline) {
      Thread.sleep(100);
      r = client.get(path);
    }
    assertEquals(status, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
  }

  /** Objects in the bucket, counted through the S3 API. */
  private long s3Objects() throws Exception {
    try (S3BlobStore store = S3BlobStore.open(s3); var all = store.list()) {
      return all.count();
    }
  }
}
