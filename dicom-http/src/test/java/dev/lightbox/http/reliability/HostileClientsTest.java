package dev.lightbox.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile clients (issue 6) against the real server in a child JVM under {@code -Xmx512m} with
 * short timeouts (headers 2 s, idle 4 s, body stall 2 s) and an 8 MiB upload limit. Every case
 * must end in a bounded time with a specific response (or a closed connection where HTTP allows
 * no response), and afterwards {@code /health} answers 200 and the stored instances are exactly
 * the expected ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientsTest {
  @TempDir static Path tmp;
  ServerProcess server;
  HttpClient client;
  final AtomicInteger uids = new AtomicInteger();
  /** Ids that must be stored (and nothing else) after each case. */
  final List<String> expectedIds = new ArrayList<>();
  final GeneratedDicom files = new GeneratedDicom(7, 8, 8);
  int casesRun;

  @BeforeAll
  void start() throws Exception {
    server = ServerProcess.startMain(ShortTimeoutServerMain.class, tmp.resolve("server.log"),
        List.of(tmp.resolve("data").toString()));
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r = post("application/dicom", files.file(0));
    assertEquals(201, r.statusCode(), r.body());
    expectedIds.add(files.uid(0));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.kill();
    }
  }

  @AfterEach
  void serverStaysHealthyAndStoresNothingUnexpected() throws Exception {
    assertTrue(server.alive(), "server process died; log: " + server.log());
    HttpResponse<String> health = get("/health");
    assertEquals(200, health.statusCode(), health.body());
    HttpResponse<String> list = get("/instances?limit=1000");
    for (String id : expectedIds) {
      assertTrue(list.body().contains("\"" + id + "\""), id + " missing: " + list.body());
    }
    assertTrue(list.body().contains("\"total\":" + expectedIds.size()), list.body());
    casesRun++;
  }

  // --- slow and incomplete requests -------------------------------------------------------

  @Test
  void slowLorisHeadersAreCutOffByTheParseTimeout() throws Exception {
    List<Socket> lorises = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Socket s = open();
        s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n".getBytes(
            StandardCharsets.US_ASCII));
        lorises.add(s);
      }
      long t0 = System.nanoTime();
      // One header byte every 250 ms: progress, but the whole header section must arrive in 2 s.
      boolean closed = false;
      for (int i = 0; i < 40 && !closed; i++) {
        for (Socket s : lorises) {
          try {
            s.getOutputStream().write('X');
            s.getOutputStream().flush();
          } catch (IOException e) {
            closed = true;
          }
        }
        // Meanwhile a normal client is served.
        assertEquals(200, get("/health").statusCode());
        Thread.sleep(250);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      String response = readAll(lorises.get(0), Duration.ofSeconds(5));
      assertTrue(closed || response.startsWith("HTTP/1.1 408"), response);
      assertTrue(seconds < 9, "slow-loris headers lasted " + seconds + " s");
    } finally {
      for (Socket s : lorises) {
        s.close();
      }
    }
  }

  @Test
  void aTricklingBodyEndsWithinTheBodyTimeout() throws Exception {
    try (Socket s = open()) {
      String head = "POST /instances HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/dicom\r\n"
          + "Content-Length: 100000\r\n\r\n";
      s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      long t0 = System.nanoTime();
      String response = "";
      // One byte every 500 ms: each read makes progress, so only a total bound can end this.
      try {
        for (int i = 0; i < 60; i++) {
          s.getOutputStream().write(0);
          s.getOutputStream().flush();
          Thread.sleep(500);
          if (s.getInputStream().available() > 0) {
            break;
          }
        }
      } catch (IOException e) {
        // closed by the server
      }
      response = readAll(s, Duration.ofSeconds(3));
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.println("HOSTILE trickle body: " + seconds + " s -> " + firstLine(response));
      assertTrue(seconds < 25, "a trickling body held the request for " + seconds + " s");
      assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 408"), response);
    }
  }

  @Test
  void aTenGigabyteContentLengthIsRefusedBeforeReading() throws Exception {
    try (Socket s = open()) {
      s.getOutputStream().write(("POST /instances HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
          + "application/dicom\r\nContent-Length: 10737418240\r\n\r\nDICM").getBytes(
          StandardCharsets.US_ASCII));
      long t0 = System.nanoTime();
      String response = readAll(s, Duration.ofSeconds(10));
      System.out.println("HOSTILE 10 GB Content-Length: " + firstLine(response));
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("application/problem+json"), response);
      assertTrue((System.nanoTime() - t0) / 1e9 < 5);
    }
  }

  @Test
  void aStalledTenGigabyteMultipartBodyTimesOut() throws Exception {
    try (Socket s = open()) {
      s.getOutputStream().write(("POST /instances HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
          + "multipart/form-data; boundary=b\r\nContent-Length: 10737418240\r\n\r\n--b\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      long t0 = System.nanoTime();
      String response = readAll(s, Duration.ofSeconds(15));
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.println("HOSTILE stalled multipart: " + seconds + " s -> " + firstLine(response));
      assertTrue(seconds < 10, seconds + " s");
      assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 408")
          || response.startsWith("HTTP/1.1 413"), response);
    }
  }

  @Test
  void aChunkedBodyThatNeverEndsHitsTheUploadLimit() throws Exception {
    try (Socket s = open()) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /instances HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/dicom\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      long refusedBefore = uploadsRefusedWith(413);
      byte[] chunk = new byte[64 * 1024];
      byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(
          StandardCharsets.US_ASCII);
      long t0 = System.nanoTime();
      long sent = 0;
      try {
        while (sent < (64L << 20) && s.getInputStream().available() == 0) {
          out.write(size);
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          sent += chunk.length;
        }
      } catch (IOException e) {
        // the server stopped reading and closed: expected once the limit is passed
      }
      String response = readAll(s, Duration.ofSeconds(10));
      System.out.println("HOSTILE endless chunked: sent " + (sent >> 20) + " MiB -> "
          + firstLine(response) + " / " + response.length());
      assertTrue(sent <= (16L << 20), "server read " + (sent >> 20) + " MiB past an 8 MiB limit");
      // The server answers 413 and closes; a client still writing usually sees the reset (TCP
      // discards the unread response), so the answer is checked in the server's own counters.
      assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 413"), response);
      assertEquals(refusedBefore + 1, uploadsRefusedWith(413), "the server's answer was not 413");
      assertTrue((System.nanoTime() - t0) / 1e9 < 15);
    }
  }

  @Test
  void aChunkedUploadAboveTwoMebibytesIsStored() throws Exception {
    // Undertow's default 2 MiB entity limit used to cut chunked uploads off with a reset.
    byte[] big = new GeneratedDicom(8, 1100, 1100).file(0); // 1100² × 2 bytes ≈ 2.3 MiB
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "instances")).header("Content-Type", "application/dicom")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
            big))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    assertTrue(r.body().contains(GeneratedDicom.sha256(big)), r.body());
    expectedIds.add(new GeneratedDicom(8, 1100, 1100).uid(0));
  }

  @Test
  void bodiesOnRoutesThatTakeNoneAreRefused() throws Exception {
    try (Socket s = open()) {
      s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: "
          + "chunked\r\n\r\n10000\r\n").getBytes(StandardCharsets.US_ASCII));
      String response = readAll(s, Duration.ofSeconds(10));
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("application/problem+json"), response);
    }
  }

  @Test
  void aChunkedBodyThatStallsTimesOut() throws Exception {
    try (Socket s = open()) {
      s.getOutputStream().write(("POST /instances HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
          + "application/dicom\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + "x".repeat(100))
          .getBytes(StandardCharsets.US_ASCII));
      long t0 = System.nanoTime();
      String response = readAll(s, Duration.ofSeconds(15));
      assertTrue((System.nanoTime() - t0) / 1e9 < 10);
      assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 408"), response);
    }
  }

  @Test
  void aThousandIdleConnectionsDoNotStopService() throws Exception {
    // Both ends live on this machine, so each connection costs two fds of the same limit.
    long limit = openFileLimit();
    int connections = (int) Math.min(1000, (limit - 400) / 2);
    if (connections < 1000) {
      System.out.println("HOSTILE 1000 idle: the fd limit (ulimit -n) is " + limit
          + ", so only " + connections + " idle connections are opened");
    }
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        idle.add(open());
      }
      // The server accepts asynchronously: wait (bounded) until it holds every connection.
      long fds = server.openFileDescriptors();
      long acceptDeadline = System.nanoTime() + 10_000_000_000L;
      while (fds < connections && System.nanoTime() < acceptDeadline) {
        Thread.sleep(50);
        fds = server.openFileDescriptors();
      }
      long t0 = System.nanoTime();
      HttpResponse<String> r = get("/instances/" + files.uid(0) + "/attributes/PatientID");
      double ms = (System.nanoTime() - t0) / 1e6;
      System.out.println("HOSTILE 1000 idle: server fds " + fds + ", request took " + ms + " ms");
      assertEquals(200, r.statusCode());
      assertTrue(ms < 5000, ms + " ms");
      assertTrue(fds >= connections, "server holds " + fds + " fds with " + connections
          + " connections open");
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
    // The idle timeout (4 s) closes what the clients left open: fds come back down.
    Thread.sleep(500);
    assertTrue(server.openFileDescriptors() < connections * 9L / 10 + 50,
        "fds " + server.openFileDescriptors());
  }

  // --- request smuggling --------------------------------------------------------------------

  @Test
  void contentLengthWithTransferEncodingIsRefusedAndTheConnectionClosed() throws Exception {
    String smuggled = "GET /instances/" + files.uid(0) + "/attributes/PatientID HTTP/1.1\r\n"
        + "Host: localhost\r\n\r\n";
    for (String headers : List.of(
        "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n",
        "Content-Length: 4\r\nContent-Length: 5\r\n",
        "Content-Length: 4, 5\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
        "Transfer-Encoding: xchunked\r\n",
        "Transfer-Encoding : chunked\r\n",
        "Content-Length: +4\r\n",
        "Content-Length: -1\r\n")) {
      try (Socket s = open()) {
        s.getOutputStream().write(("POST /instances HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
            + "application/dicom\r\n" + headers + "\r\n0\r\n\r\n" + smuggled).getBytes(
            StandardCharsets.US_ASCII));
        String response = readAll(s, Duration.ofSeconds(10));
        String first = firstLine(response);
        System.out.println("HOSTILE smuggling [" + headers.replace("\r\n", "; ") + "] -> "
            + first + (count(response, "HTTP/1.1 ") > 1 ? " (+ second response!)" : ""));
        assertTrue(first.startsWith("HTTP/1.1 400") || response.isEmpty(),
            headers + " -> " + response);
        assertTrue(response.isEmpty() || response.toLowerCase().contains("connection: close"),
            "connection left open after an ambiguous request: " + response);
        assertEquals(1, Math.max(1, count(response, "HTTP/1.1 ")),
            "a smuggled second request was answered: " + response);
        assertFalse(response.contains("HOSTILE"), "smuggled request reached a handler");
      }
    }
  }

  // --- traversal and injection ----------------------------------------------------------------

  @Test
  void pathTraversalInIdsAndTagPathsIsRefused() throws Exception {
    String id = files.uid(0);
    for (String path : List.of(
        "/instances/../../../../etc/passwd/file",
        "/instances/..%2F..%2F..%2Fetc%2Fpasswd/file",
        "/instances/%2e%2e%2f%2e%2e%2findex.db/file",
        "/instances/1.2.3%00/file",
        "/instances/" + id + "/attributes/..%2F..%2F..%2Fetc%2Fpasswd",
        "/instances/" + id + "/attributes/00100010%2F..%2F..",
        "/instances/" + id + "/bulk/..%2Findex.db",
        "/instances/" + id + "/frames/..%2F1/rendered",
        "/../../../etc/passwd",
        "/static/..%2F..%2F..%2Fetc%2Fpasswd",
        "/instances/" + id + "/file/../../index.db")) {
      String response;
      try (Socket s = open()) {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close"
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        response = readAll(s, Duration.ofSeconds(10));
      }
      String first = firstLine(response);
      System.out.println("HOSTILE traversal " + path + " -> " + first);
      assertTrue(first.matches("HTTP/1\\.1 4\\d\\d .*"), path + " -> " + response);
      assertFalse(response.contains("root:"), path);
      assertFalse(response.contains("SQLite format"), path);
    }
  }

  @Test
  void fileNamesCannotInjectHeaders() throws Exception {
    String boundary = "bNd";
    String[] names = {"a\"; X-Injected: 1; x=\".dcm",
        "UTF-8''evil%0D%0AX-Injected:%201%0D%0A.dcm", "UTF-8''%E2%80%A8%0Aset-cookie:x=1"};
    for (String name : names) {
      boolean ext = name.startsWith("UTF-8''");
      String disposition = "form-data; name=\"file\"; "
          + (ext ? "filename*=" + name : "filename=\"" + name.replace("\"", "\\\"") + "\"");
      // Two parts, one of them not DICOM, so the response echoes the file name of the failure.
      byte[] body = multipart(boundary, disposition, "not dicom".getBytes(StandardCharsets
          .US_ASCII), files.file(0));
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
          + "instances")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println("HOSTILE file name " + name + " -> " + r.statusCode() + " headers "
          + r.headers().map().keySet());
      assertEquals(202, r.statusCode(), r.body());
      for (String header : r.headers().map().keySet()) {
        assertFalse(header.toLowerCase().contains("injected") || header.equalsIgnoreCase(
            "set-cookie"), "injected header " + header);
      }
      assertFalse(r.body().contains("\r") || r.body().contains("\n"), r.body());
    }
    HttpResponse<String> file = get("/instances/" + files.uid(0) + "/file");
    String disposition = file.headers().firstValue("Content-Disposition").orElse("");
    assertTrue(disposition.matches("[ -~]*"), disposition);
    assertFalse(disposition.contains("Injected"), disposition);
  }

  // --- bombs ----------------------------------------------------------------------------------

  @Test
  void aDeflateBombIsRefusedByTheRatioLimit() throws Exception {
    String uid = newUid();
    byte[] bomb = HostileFiles.deflateBomb(uid, 64);
    HttpResponse<String> r = post("application/dicom", bomb);
    System.out.println("HOSTILE deflate bomb " + bomb.length + " bytes for 64 MiB -> "
        + r.statusCode() + " " + r.body());
    assertTrue(Set.of(400, 413, 422).contains(r.statusCode()), r.body());
    assertTrue(r.body().contains("\"detail\""), r.body());
  }

  @Test
  void codecBombsDeclaring65535SquareAreRefusedOnRender() throws Exception {
    Map<String, byte[]> bombs = Map.of(
        "JPEG-LS SOF 65535x65535 in a 64x64 file", HostileFiles.encapsulated(newUid(),
            HostileFiles.JPEG_LS_LOSSLESS, 64, 64, HostileFiles.jpegLsBomb()),
        "JPEG-LS 65535x65535 everywhere", HostileFiles.encapsulated(newUid(),
            HostileFiles.JPEG_LS_LOSSLESS, 65535, 65535, HostileFiles.jpegLsBomb()),
        "JPEG baseline 65535x65535", HostileFiles.encapsulated(newUid(),
            HostileFiles.JPEG_BASELINE, 65535, 65535, HostileFiles.jpegBaselineBomb()),
        "RLE 65535x65535 of replicate runs", HostileFiles.encapsulated(newUid(),
            HostileFiles.RLE, 65535, 65535, HostileFiles.rleBomb()),
        "native 65535x65535x2147483647", HostileFiles.hugeNative(newUid(), 65535, 65535,
            2147483647L),
        "native 65535x65535, 1 frame", HostileFiles.hugeNative(newUid(), 65535, 65535, 1));
    for (Map.Entry<String, byte[]> bomb : bombs.entrySet()) {
      String uid = uidOf(bomb.getValue());
      HttpResponse<String> up = post("application/dicom", bomb.getValue());
      String outcome = "upload " + up.statusCode();
      if (up.statusCode() == 201) {
        expectedIds.add(uid);
        for (String path : List.of("/rendered", "/frames/1/rendered", "/rendered?bits=16")) {
          long t0 = System.nanoTime();
          HttpResponse<String> render = get("/instances/" + uid + path);
          double seconds = (System.nanoTime() - t0) / 1e9;
          outcome += ", " + path + " " + render.statusCode();
          assertTrue(Set.of(400, 413, 422).contains(render.statusCode()),
              bomb.getKey() + path + " -> " + render.statusCode() + " " + render.body());
          assertTrue(render.body().contains("\"detail\""), render.body());
          assertTrue(seconds < 10, bomb.getKey() + " took " + seconds + " s");
        }
      } else {
        assertTrue(Set.of(400, 413, 422).contains(up.statusCode()), up.body());
      }
      System.out.println("HOSTILE " + bomb.getKey() + " (" + bomb.getValue().length
          + " bytes): " + outcome);
    }
  }

  @Test
  void theLargestFramesTheLimitsAllowRenderWithinTheHeap() throws Exception {
    // 11,500² = 132 million samples, just under dicom-core's 2^27 frame limit, in a 2 MiB RLE
    // upload: more than a 512 MiB heap can decode, so a clear 422 (it used to end the server
    // with OutOfMemoryError). 4,000² fits the render budget and renders.
    for (int side : new int[] {11_500, 4_000}) {
      String uid = newUid();
      HttpResponse<String> up = post("application/dicom", HostileFiles.rleLargeFrame(uid, side));
      assertEquals(201, up.statusCode(), up.body());
      expectedIds.add(uid);
      long t0 = System.nanoTime();
      HttpResponse<String> render = get("/instances/" + uid + "/rendered?viewport=256,256");
      System.out.println("HOSTILE RLE frame " + side + "x" + side + " render -> "
          + render.statusCode() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms, server "
          + "RSS " + server.residentKib() / 1024 + " MiB " + (render.statusCode() == 200 ? ""
          : render.body()));
      assertTrue(server.alive(), "the server died rendering a frame within the limits");
      if (side == 4_000) {
        assertEquals(200, render.statusCode(), render.body());
      } else {
        assertEquals(422, render.statusCode(), render.body());
        assertTrue(render.body().contains("render budget"), render.body());
      }
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  /** The soft "Max open files" limit of this JVM (Linux /proc; the server inherits it). */
  private static long openFileLimit() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
          return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: assume enough
    }
    return Long.MAX_VALUE;
  }

  /** {@code POST /instances} responses with {@code status} so far, from {@code /metrics}. */
  private long uploadsRefusedWith(int status) throws Exception {
    String prefix = "lightbox_http_requests_total{route=\"/instances\",method=\"POST\",status=\""
        + status + "\"} ";
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(prefix)) {
        return (long) Double.parseDouble(line.substring(prefix.length()).strip());
      }
    }
    return 0;
  }

  private String newUid() {
    return "2.25.4242.99." + uids.incrementAndGet();
  }

  /** The SOP Instance UID in (0002,0003), read back from the file we built. */
  private static String uidOf(byte[] file) {
    String s = new String(file, 0, Math.min(file.length, 400), StandardCharsets.ISO_8859_1);
    int i = s.indexOf("2.25.4242.99.");
    int j = i;
    while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
      j++;
    }
    return s.substring(i, j);
  }

  private static byte[] multipart(String boundary, String disposition, byte[] first,
      byte[] second) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("--" + boundary + "\r\nContent-Disposition: " + disposition
        + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(first);
    out.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
        + "filename=\"ok.dcm\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(second);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private Socket open() throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(15_000);
    return s;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path.substring(1)))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String type, byte[] body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "instances"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Everything the server sends until it closes or {@code wait} passes without data. */
  static String readAll(Socket s, Duration wait) throws IOException {
    s.setSoTimeout((int) wait.toMillis());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) != -1; ) {
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      out.writeBytes("<<client timeout>>".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      // reset by the server
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  private static String firstLine(String response) {
    int eol = response.indexOf("\r\n");
    return eol < 0 ? response : response.substring(0, eol);
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
