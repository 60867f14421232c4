package dev.lightbox.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load without loss (issue 6): N uploads of distinct generated files plus attribute, render and
 * download traffic at concurrency 16 against the real server in a child process under
 * {@code -Xmx512m}, on loopback. Zero 5xx allowed; at the end every stored file is downloaded and
 * checked by SHA-256. N is {@code -Dlightbox.load.uploads} (default 500; reliability/load.sh uses
 * 10,000). Latency percentiles and throughput go to {@code target/reliability/load.properties}.
 */
class LoadWithoutLossTest {
  private static final int CONCURRENCY = 16;
  private static final HttpResponse.BodyHandler<String> STRING =
      HttpResponse.BodyHandlers.ofString();
  private static final HttpResponse.BodyHandler<Void> DISCARD =
      HttpResponse.BodyHandlers.discarding();

  @TempDir Path tmp;

  static int uploads() {
    String v = System.getProperty("lightbox.load.uploads", System.getenv("LIGHTBOX_LOAD_UPLOADS"));
    return v == null || v.isBlank() ? 500 : Integer.parseInt(v.strip());
  }

  @Test
  void uploadsAndMixedTrafficLoseNothing() throws Exception {
    int total = uploads();
    GeneratedDicom files = new GeneratedDicom(System.nanoTime(), 16, 128);
    Map<String, List<Long>> latencies = new TreeMap<>();
    for (String kind : List.of("upload", "attribute", "render", "download", "verify")) {
      latencies.put(kind, Collections.synchronizedList(new ArrayList<>()));
    }
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    Map<String, Integer> stored = new ConcurrentHashMap<>();
    List<String> storedIds = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    AtomicInteger requests = new AtomicInteger();
    try (ServerProcess server = ServerProcess.start(tmp.resolve("data"),
        tmp.resolve("server.log"), List.of(), Map.of())) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .executor(Executors.newFixedThreadPool(4)).build();
      String base = server.baseUrl();
      ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
      long t0 = System.nanoTime();
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < CONCURRENCY; w++) {
        Random random = new Random(w);
        workers.add(pool.submit(() -> {
          for (int n; (n = next.getAndIncrement()) < total; ) {
            byte[] body = files.file(n);
            HttpResponse<String> up = timed(latencies.get("upload"), requests, errors, client,
                HttpRequest.newBuilder(URI.create(base + "instances"))
                    .header("Content-Type", "application/dicom")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)), STRING);
            if (up != null && up.statusCode() == 201) {
              stored.put(files.uid(n), n);
              storedIds.add(files.uid(n));
            } else if (up != null) {
              errors.add("upload " + n + ": " + up.statusCode() + " " + up.body());
            }
            // Mixed reads of something already stored: attribute always, then render or
            // download in turn (about 2 reads per upload).
            String id = storedIds.get(random.nextInt(storedIds.size()));
            expect200(timed(latencies.get("attribute"), requests, errors, client,
                HttpRequest.newBuilder(URI.create(base + "instances/" + id
                    + "/attributes/PatientID")), STRING), "attribute " + id, errors);
            if (n % 2 == 0) {
              expect200(timed(latencies.get("render"), requests, errors, client,
                  HttpRequest.newBuilder(URI.create(base + "instances/" + id + "/rendered")),
                  DISCARD), "render " + id, errors);
            } else {
              expect200(timed(latencies.get("download"), requests, errors, client,
                  HttpRequest.newBuilder(URI.create(base + "instances/" + id + "/file")), DISCARD),
                  "download " + id, errors);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      pool.shutdown();
      long fds = server.openFileDescriptors();
      long rssKib = server.residentKib();
      assertEquals(List.of(), List.copyOf(errors), "5xx, failed or unexpected responses");
      assertEquals(total, stored.size(), "uploads acknowledged");
      // Verification: every stored file, byte for byte by SHA-256, and the listed total.
      HttpResponse<String> list = client.send(HttpRequest.newBuilder(URI.create(base
          + "instances?limit=1")).build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(list.body().contains("\"total\":" + total), list.body());
      int verified = 0;
      for (Map.Entry<String, Integer> e : stored.entrySet()) {
        long s = System.nanoTime();
        HttpResponse<byte[]> got = client.send(HttpRequest.newBuilder(URI.create(base
            + "instances/" + e.getKey() + "/file")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        latencies.get("verify").add(System.nanoTime() - s);
        assertEquals(200, got.statusCode());
        assertEquals(GeneratedDicom.sha256(files.file(e.getValue())),
            GeneratedDicom.sha256(got.body()), "stored " + e.getKey() + " differs");
        verified++;
      }
      String figures = figures(total, verified, requests.get(), loadSeconds, latencies, fds,
          rssKib);
      System.out.print("LOAD " + figures.replace('\n', ' ') + "\n");
      Path out = Path.of(System.getProperty("user.dir"), "target", "reliability");
      Files.createDirectories(out);
      Files.writeString(out.resolve("load.properties"), figures, StandardCharsets.UTF_8);
    }
  }

  private static String figures(int total, int verified, int requests, double seconds,
      Map<String, List<Long>> latencies, long fds, long rssKib) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "uploads=%d%nverified=%d%nrequests=%d%nfivexx=0%nlost=0%n"
        + "seconds=%.1f%nrequestsPerSecond=%.0f%nuploadsPerSecond=%.0f%nconcurrency=%d%n"
        + "serverFdsAtEnd=%d%nserverRssMibAtEnd=%d%n", total, verified, requests, seconds,
        requests / seconds, total / seconds, CONCURRENCY, fds, rssKib / 1024));
    for (Map.Entry<String, List<Long>> e : latencies.entrySet()) {
      List<Long> sorted = new ArrayList<>(e.getValue());
      Collections.sort(sorted);
      if (sorted.isEmpty()) {
        continue;
      }
      s.append(String.format(Locale.ROOT, "%s.count=%d%n%s.p50ms=%.1f%n%s.p95ms=%.1f%n"
          + "%s.p99ms=%.1f%n", e.getKey(), sorted.size(), e.getKey(), pct(sorted, 50), e.getKey(),
          pct(sorted, 95), e.getKey(), pct(sorted, 99)));
    }
    return s.toString();
  }

  private static double pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, i)) / 1e6;
  }

  private static void expect200(HttpResponse<?> r, String what, ConcurrentLinkedQueue<String> e) {
    if (r != null && r.statusCode() != 200) {
      e.add(what + ": " + r.statusCode());
    }
  }

  /** Sends and records the latency; 5xx and transport failures are errors. */
  private static <T> HttpResponse<T> timed(List<Long> into, AtomicInteger requests,
      ConcurrentLinkedQueue<String> errors, HttpClient client, HttpRequest.Builder request,
      HttpResponse.BodyHandler<T> handler) {
    long s = System.nanoTime();
    try {
      HttpResponse<T> r = client.send(request.timeout(Duration.ofSeconds(60)).build(), handler);
      into.add(System.nanoTime() - s);
      requests.incrementAndGet();
      if (r.statusCode() >= 500) {
        errors.add(r.request().uri() + " -> " + r.statusCode() + " " + r.body());
      }
      return r;
    } catch (Exception e) {
      errors.add(request.build().uri() + " failed: " + e);
      return null;
    }
  }
}
