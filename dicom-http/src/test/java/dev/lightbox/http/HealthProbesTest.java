package dev.lightbox.http;

import dev.lightbox.http.testing.RawHttp;

import static dev.lightbox.http.LightboxServerTest.assertProblem;
import static dev.lightbox.http.TestClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/live} and {@code /health/ready} for orchestrators, and the drain that shutdown
 * starts: new connections are refused, readiness turns 503 {@code draining} on open connections,
 * requests on open connections and the upload in flight complete with {@code Connection: close}.
 */
class HealthProbesTest {
  @TempDir Path data;
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

  @Test
  void liveAndReadyAre200WhileTheStoresAnswer() throws Exception {
    HttpResponse<byte[]> live = client.get("/health/live");
    assertEquals(200, live.statusCode());
    assertEquals("live", json(live).get("status").getAsString());
    assertEquals("no-store", live.headers().firstValue("Cache-Control").orElseThrow());
    HttpResponse<byte[]> ready = client.get("/health/ready");
    assertEquals(200, ready.statusCode(), new String(ready.body(), StandardCharsets.UTF_8));
    assertEquals("ready", json(ready).get("status").getAsString());
    assertEquals(200, client.get("/health").statusCode(), "the older /health is unchanged");
  }

  @Test
  void readinessNamesTheBlobStoreWhileItIsGoneAndRecoversByItself() throws Exception {
    Path blobs = data.resolve("blobs");
    Path moved = data.resolve("blobs-away");
    Files.move(blobs, moved); // the data directory's blob store disappears (an unmounted volume)
    HttpResponse<byte[]> ready = awaitStatus("/health/ready", 503);
    assertProblem(ready, 503);
    JsonObject p = json(ready);
    assertEquals("/problems/storage-unavailable", p.get("type").getAsString());
    assertEquals("blob store", p.get("store").getAsString());
    assertFalse(p.get("detail").getAsString().contains(data.toString()),
        "no server path in the answer: " + p);
    assertEquals(200, client.get("/health/live").statusCode(), "liveness checks no store");
    Files.move(moved, blobs);
    assertEquals(200, awaitStatus("/health/ready", 200).statusCode());
  }

  @Test
  void aProbeFloodIsAnsweredFromTheCachedResult() throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      assertEquals(200, client.get("/health/ready").statusCode());
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(ms < 20_000, "200 probes took " + ms + " ms");
  }

  @Test
  void drainingRefusesNewConnectionsAndServesOpenOnesUntilTheUploadInFlightFinished()
      throws Exception {
    byte[] file = Files.readAllBytes(Corpus.pydicom("CT_small.dcm"));
    int half = file.length / 2;
    try (Socket upload = new Socket("127.0.0.1", server.port());
        Socket probe = new Socket("127.0.0.1", server.port());
        Socket reader = new Socket("127.0.0.1", server.port())) {
      // Two kept-alive connections, opened and used before the drain.
      for (Socket s : new Socket[] {probe, reader}) {
        s.setSoTimeout(10_000);
        assertTrue(request(s, "GET /health/live").startsWith("HTTP/1.1 200"));
      }
      upload.setSoTimeout(30_000);
      OutputStream out = upload.getOutputStream();
      out.write(("POST /instances HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/dicom"
          + "\r\nContent-Length: " + file.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(file, 0, half);
      out.flush();
      RawHttp.awaitSpooling(data); // the request is admitted and its handler is reading the body

      CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close);
      awaitRefusedConnection(server.port());

      String ready = request(probe, "GET /health/ready");
      assertTrue(ready.startsWith("HTTP/1.1 503"), ready);
      assertTrue(ready.contains("\"/problems/draining\""), ready);
      assertTrue(closes(ready), ready);
      String listing = request(reader, "GET /instances");
      assertTrue(listing.startsWith("HTTP/1.1 200"), "a request on an open connection is still "
          + "served: " + listing);
      assertTrue(closes(listing), "and its connection closed: " + listing);
      assertFalse(closed.isDone(), "the server waits for the upload in flight");

      out.write(file, half, file.length - half);
      out.flush();
      String response = RawHttp.readResponse(upload.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 201"), response);
      assertTrue(closes(response), response);
      closed.get(30, TimeUnit.SECONDS);
    }
    // The upload is stored: a new server on the same data directory serves it.
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data));
    client = new TestClient(server.baseUrl());
    assertArrayEquals(file, client.get("/instances/" + LightboxServerTest.CT_ID + "/file").body());
  }

  private static boolean closes(String response) {
    return response.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
  }

  /** Sends {@code line} with a Host header on {@code s} and reads the response. */
  private static String request(Socket s, String line) throws IOException {
    s.getOutputStream().write((line + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    return RawHttp.readResponse(s.getInputStream());
  }

  /** Waits until connecting to {@code port} is refused (the listener is closed). */
  static void awaitRefusedConnection(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        Thread.sleep(10);
      } catch (java.net.ConnectException refused) {
        return;
      }
    }
    throw new AssertionError("new connections were still accepted 20 s into the drain");
  }

  private HttpResponse<byte[]> awaitStatus(String path, int status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    HttpResponse<byte[]> r = client.get(path);
    while (r.statusCode() != status && System.nanoTime() < deadline) {
      Thread.sleep(50);
      r = client.get(path);
    }
    assertEquals(status, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    return r;
  }
}
