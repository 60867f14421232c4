package dev.lightbox.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * The real server ({@code lightbox serve}, child JVM, {@code -Xmx512m}, default limits) for the
 * issue-19 attack tests, with the checks every attack case ends with: the process is alive,
 * {@code /health} answers 200 within a second, no request got a 5xx, the resident memory stayed
 * under the heap plus {@link #RSS_MARGIN_MIB}, and every original stored for the test still
 * downloads with its SHA-256.
 */
final class AttackServer implements AutoCloseable {
  /** Max heap of the child JVM (ServerProcess). */
  static final long HEAP_MIB = 512;
  /**
   * Resident memory beyond the heap a healthy server may use: metaspace and code cache (~100 MiB),
   * 64 worker + GC + I/O thread stacks, Undertow's direct buffers, SQLite's page cache and the
   * allocator's arenas (docs/reliability.md, "Limits").
   */
  static final long RSS_MARGIN_MIB = 384;

  final ServerProcess process;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  final Path data;
  /** Every status the test saw, to check that none was 5xx. */
  final ConcurrentLinkedQueue<String> fiveHundreds = new ConcurrentLinkedQueue<>();
  /** Originals that must still be stored byte for byte: id → SHA-256. */
  final Map<String, String> originals = new ConcurrentHashMap<>();
  long maxRssKib;

  private AttackServer(ServerProcess process, Path data) {
    this.process = process;
    this.data = data;
  }

  static AttackServer start(Path tmp, String... extraArgs) throws IOException {
    Path data = tmp.resolve("data");
    return new AttackServer(ServerProcess.start(data, tmp.resolve("server.log"),
        List.of(extraArgs), Map.of()), data);
  }

  String url(String path) {
    return process.baseUrl() + (path.startsWith("/") ? path.substring(1) : path);
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
        .timeout(Duration.ofSeconds(120)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return seen(path, client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  HttpResponse<byte[]> getBytes(String path) throws Exception {
    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url(path)))
        .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() >= 500 && !deliberateBusy(r)) {
      fiveHundreds.add("GET " + path + " -> " + r.statusCode());
    }
    return r;
  }

  HttpResponse<String> upload(byte[] file, String query, String... headers) throws Exception {
    return upload(HttpRequest.BodyPublishers.ofByteArray(file), query, headers);
  }

  HttpResponse<String> upload(HttpRequest.BodyPublisher body, String query, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/instances" + query)))
        .timeout(Duration.ofSeconds(300)).header("Content-Type", "application/dicom").POST(body);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return seen("POST /instances" + query, client.send(b.build(),
        HttpResponse.BodyHandlers.ofString()));
  }

  HttpResponse<String> delete(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
        .timeout(Duration.ofSeconds(60)).DELETE();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return seen("DELETE " + path, client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** Stores {@code file} (must be new) and remembers its hash as an original to keep. */
  String storeOriginal(String id, byte[] file) throws Exception {
    HttpResponse<String> r = upload(file, "");
    assertEquals(201, r.statusCode(), r.body());
    originals.put(id, GeneratedDicom.sha256(file));
    return id;
  }

  private <T> HttpResponse<T> seen(String what, HttpResponse<T> r) {
    if (r.statusCode() >= 500 && !deliberateBusy(r)) {
      fiveHundreds.add(what + " -> " + r.statusCode() + " " + r.body());
    }
    sampleRss();
    return r;
  }

  /**
   * A 503 with Retry-After is the documented refusal of a full server (upload slots, memory
   * budget), not a failure: the client is told when to come back.
   */
  private static boolean deliberateBusy(HttpResponse<?> r) {
    return r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent();
  }

  void sampleRss() {
    maxRssKib = Math.max(maxRssKib, process.residentKib());
  }

  /** The checks every attack case ends with (see the class comment). */
  void assertUnharmed() throws Exception {
    sampleRss();
    assertTrue(process.alive(), "server process died; log: " + process.log());
    long t0 = System.nanoTime();
    HttpResponse<String> health = get("/health");
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(200, health.statusCode(), health.body());
    assertTrue(seconds < 1, "/health took " + seconds + " s");
    assertTrue(fiveHundreds.isEmpty(), "5xx answers: " + fiveHundreds);
    long limitKib = (HEAP_MIB + RSS_MARGIN_MIB) << 10;
    assertTrue(maxRssKib < limitKib, "server RSS reached " + (maxRssKib >> 10) + " MiB, limit "
        + (limitKib >> 10) + " MiB");
    for (Map.Entry<String, String> o : originals.entrySet()) {
      HttpResponse<byte[]> r = getBytes("/instances/" + o.getKey() + "/file");
      assertEquals(200, r.statusCode(), "original " + o.getKey());
      assertEquals(o.getValue(), GeneratedDicom.sha256(r.body()), "original " + o.getKey());
    }
  }

  /** Files under the blob store (every stored blob, no temporary ones). */
  long blobCount() throws IOException {
    Path blobs = data.resolve("blobs");
    if (!Files.exists(blobs)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(blobs)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).count();
    }
  }

  /** A raw HTTP/1.1 exchange over a socket: sends {@code request}, reads until close/timeout. */
  String raw(String request, Duration timeout) throws IOException {
    try (Socket s = new Socket("127.0.0.1", process.port())) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return readAll(s, timeout);
    }
  }

  static String readAll(Socket s, Duration timeout) throws IOException {
    s.setSoTimeout((int) timeout.toMillis());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        String text = out.toString(StandardCharsets.ISO_8859_1);
        int head = text.indexOf("\r\n\r\n");
        if (head > 0) {
          java.util.regex.Matcher m = java.util.regex.Pattern.compile(
              "(?i)content-length: *(\\d+)").matcher(text.substring(0, head));
          if (m.find() && text.length() - head - 4 >= Integer.parseInt(m.group(1))) {
            break;
          }
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // return what arrived
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  static List<String> lines(String text) {
    return new ArrayList<>(List.of(text.split("\r\n")));
  }

  @Override
  public void close() {
    process.kill();
  }
}
