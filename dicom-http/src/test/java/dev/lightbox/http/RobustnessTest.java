package dev.lightbox.http;

import static dev.lightbox.http.LightboxServerTest.CT_ID;
import static dev.lightbox.http.LightboxServerTest.CT_SHA;
import static dev.lightbox.http.TestClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slow and broken clients, concurrent duplicates and shutdown with an upload in flight. */
class RobustnessTest {
  @TempDir Path data;
  LightboxServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  LightboxServer start(ServerConfig config) throws IOException {
    server = LightboxServer.start(config.withPort(0).withDataDir(data));
    return server;
  }

  static String rawExchange(int port, byte[] request, Duration wait) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout((int) wait.toMillis());
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      return readAll(s.getInputStream());
    }
  }

  static String readAll(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) != -1; ) {
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      out.writeBytes("<<client timeout>>".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      // connection reset: the server cut us off, which is what a stalled client deserves
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aStalledBodyIsCutOffWithinTheBodyTimeoutAndTheServerStaysHealthy() throws Exception {
    start(ServerConfig.defaults().withBodyReadTimeout(Duration.ofSeconds(1)));
    long t0 = System.nanoTime();
    String head = "POST /instances HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/dicom\r\n"
        + "Content-Length: 100000\r\n\r\n";
    byte[] partial = new byte[2000];
    byte[] request = new byte[head.length() + partial.length];
    System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
    String response = rawExchange(server.port(), request, Duration.ofSeconds(15));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(seconds < 10, "took " + seconds + " s");
    assertTrue(!response.contains("<<client timeout>>"), response);
    assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 408"), response);
    TestClient client = new TestClient(server.baseUrl());
    assertEquals(200, client.get("/health").statusCode());
    assertEquals(0, json(client.get("/instances")).get("total").getAsInt());
  }

  @Test
  void headersThatNeverFinishAreCutOffByTheParseTimeout() throws Exception {
    start(ServerConfig.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    long t0 = System.nanoTime();
    String response = rawExchange(server.port(),
        "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII),
        Duration.ofSeconds(15));
    assertTrue((System.nanoTime() - t0) / 1e9 < 10);
    assertTrue(!response.contains("<<client timeout>>"), response);
  }

  @Test
  void garbageRequestsAreRefusedCleanly() throws Exception {
    start(ServerConfig.defaults());
    for (String bad : new String[] {"GARBAGE\r\n\r\n", "GET /health HTTP/9.9\r\n\r\n",
        "GET /he alth HTTP/1.1\r\nHost: localhost\r\n\r\n", "GET /health HTTP/1.1\r\nBad Header\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: localhost\r\nX: " + "a".repeat(100_000) + "\r\n\r\n"}) {
      String response = rawExchange(server.port(), bad.getBytes(StandardCharsets.ISO_8859_1),
          Duration.ofSeconds(10));
      assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 4")
          || response.startsWith("HTTP/1.0 4"), bad.substring(0, 10) + " -> " + response);
      assertTrue(!response.contains("Exception"), response);
    }
    assertEquals(200, new TestClient(server.baseUrl()).get("/health").statusCode());
  }

  @Test
  void eightConcurrentUploadsOfOneFileStoreItOnce() throws Exception {
    start(ServerConfig.defaults());
    byte[] ct = Files.readAllBytes(Corpus.pydicom("CT_small.dcm"));
    TestClient client = new TestClient(server.baseUrl());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<byte[]>>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Callable<HttpResponse<byte[]>> upload = () -> {
        go.await();
        return client.send(client.request("/instances").header("Content-Type",
            "application/dicom").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(ct))
            .build());
      };
      futures.add(pool.submit(upload));
    }
    go.countDown();
    int created = 0;
    int ok = 0;
    for (Future<HttpResponse<byte[]>> f : futures) {
      HttpResponse<byte[]> r = f.get();
      assertEquals(CT_SHA, json(r).get("sha256").getAsString(), new String(r.body()));
      if (r.statusCode() == 201) {
        created++;
      } else if (r.statusCode() == 200) {
        ok++;
        assertEquals("already-stored", json(r).get("status").getAsString());
      }
    }
    pool.shutdown();
    assertEquals(1, created);
    assertEquals(7, ok);
    assertEquals(1, json(client.get("/instances")).get("total").getAsInt());
    try (Stream<Path> blobs = Files.walk(data.resolve("blobs"))) {
      assertEquals(1, blobs.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().equals(CT_SHA)
              || p.toString().contains(CT_SHA)).count());
    }
  }

  /**
   * An upload is mid-body when shutdown starts. Either it completes (2xx, and the stored file is
   * byte-identical after a restart) or it is refused/cut off (and nothing is stored); never a
   * half-written instance.
   */
  @Test
  void anUploadInFlightDuringShutdownCompletesOrLeavesNothing() throws Exception {
    byte[] ct = Files.readAllBytes(Corpus.pydicom("CT_small.dcm"));
    for (int slowTail : new int[] {200, 4000}) {
      Path dir = data.resolve("run" + slowTail);
      LightboxServer s = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir)
          .withShutdownTimeout(Duration.ofSeconds(2)));
      String status;
      try (Socket socket = new Socket("127.0.0.1", s.port())) {
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /instances HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/dicom\r\n"
            + "Content-Length: " + ct.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(ct, 0, ct.length / 2);
        out.flush();
        Thread.sleep(200);
        Thread closer = new Thread(s::close);
        closer.start();
        Thread.sleep(slowTail); // 200 ms: within the 2 s grace; 4 s: past it
        try {
          out.write(ct, ct.length / 2, ct.length - ct.length / 2);
          out.flush();
        } catch (IOException e) {
          // the server already closed the connection
        }
        String response = readAll(socket.getInputStream());
        status = response.length() >= 12 ? response.substring(9, 12) : "closed";
        closer.join();
      }
      try (LightboxServer again = LightboxServer.start(ServerConfig.defaults().withPort(0)
          .withDataDir(dir))) {
        TestClient c = new TestClient(again.baseUrl());
        HttpResponse<byte[]> file = c.get("/instances/" + CT_ID + "/file");
        if (status.startsWith("2")) {
          assertArrayEquals(ct, file.body(), "an acknowledged upload must be stored whole");
        } else if (file.statusCode() == 200) {
          // The body arrived and the ingest finished while the server was stopping, but the
          // connection was gone before the answer: stored whole, and a retry is answered 200.
          assertArrayEquals(ct, file.body(), "a stored instance must be whole");
        } else {
          assertEquals(404, file.statusCode(), "refused upload (" + status + ") left a record");
        }
        System.out.println("shutdown with " + slowTail + " ms tail: upload -> " + status
            + ", stored afterwards: " + (file.statusCode() == 200));
      }
    }
  }

  @Test
  void requestsAfterShutdownStartsAreRefused() throws Exception {
    start(ServerConfig.defaults());
    URI base = URI.create(server.baseUrl());
    server.close();
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      throw new AssertionError("listener still accepting: " + s);
    } catch (IOException expected) {
      // connection refused
    }
    server = null;
  }
}
