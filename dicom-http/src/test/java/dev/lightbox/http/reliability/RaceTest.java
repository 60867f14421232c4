package dev.lightbox.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, "no 500 for races": 16 concurrent {@code ?replace=true} uploads of one SOP Instance
 * UID answered 9 × 500 and left 9 orphan blobs; a DELETE racing a download or a render answered
 * 500. Now replaces take turns (or answer 409 with Retry-After), every blob belongs to a row
 * afterwards, and a read racing a delete gets the complete old bytes or 404.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RaceTest {
  @TempDir static Path tmp;
  AttackServer server;
  ExecutorService pool = Executors.newFixedThreadPool(16);

  @BeforeAll
  void start() throws Exception {
    server = AttackServer.start(tmp);
  }

  @AfterAll
  void stop() {
    pool.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void unharmed() throws Exception {
    server.assertUnharmed();
  }

  private static byte[] variant(String id, int n) {
    byte[] pixels = new byte[32 * 32 * 2];
    pixels[0] = (byte) n;
    pixels[1] = (byte) (n >> 8);
    return GeneratedDicom.build(id, 32, 32, pixels);
  }

  @Test
  void concurrentReplacesOfOneInstanceTakeTurnsAndLeaveNoOrphanBlob() throws Exception {
    String id = "2.25.19.40";
    assertEquals(201, server.upload(variant(id, 0), "").statusCode());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 1; i <= 16; i++) {
      byte[] file = variant(id, i);
      answers.add(pool.submit(() -> {
        go.await();
        return server.upload(file, "?replace=true");
      }));
    }
    go.countDown();
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (Future<HttpResponse<String>> f : answers) {
      HttpResponse<String> r = f.get();
      statuses.merge(r.statusCode(), 1, Integer::sum);
      assertTrue(r.statusCode() == 200 || (r.statusCode() == 409
          && r.headers().firstValue("Retry-After").isPresent()), r.statusCode() + " " + r.body());
    }
    System.out.println("ATTACK 16 concurrent replaces: " + statuses);
    int total = JsonParser.parseString(server.get("/instances?limit=1000").body())
        .getAsJsonObject().get("total").getAsInt();
    long blobs = server.blobCount();
    System.out.println("ATTACK after replaces: " + total + " rows, " + blobs + " blobs");
    assertEquals(total, blobs, "every blob belongs to a row (no orphans)");
    HttpResponse<byte[]> file = server.getBytes("/instances/" + id + "/file");
    assertEquals(200, file.statusCode());
  }

  @Test
  void readsRacingADeleteGetTheWholeFileOr404() throws Exception {
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (int round = 0; round < 20; round++) {
      String id = "2.25.19.41." + round;
      byte[] file = variant(id, round);
      String sha = GeneratedDicom.sha256(file);
      assertEquals(201, server.upload(file, "").statusCode());
      CountDownLatch go = new CountDownLatch(1);
      List<Future<int[]>> reads = new ArrayList<>();
      String[] paths = {"/file", "/rendered", "/attributes", "/attributes/PatientName",
          "/frames/1/rendered", "/file", ""};
      for (String path : paths) {
        reads.add(pool.submit(read(go, "/instances/" + id + path, path.equals("/file") ? sha
            : null)));
      }
      Future<HttpResponse<String>> delete = pool.submit(() -> {
        go.await();
        return server.delete("/instances/" + id);
      });
      go.countDown();
      assertEquals(204, delete.get().statusCode());
      for (Future<int[]> f : reads) {
        int status = f.get()[0];
        statuses.merge(status, 1, Integer::sum);
        assertTrue(status == 200 || status == 404, "read racing a delete answered " + status);
      }
    }
    System.out.println("ATTACK reads racing deletes: " + statuses);
    assertEquals(0, server.blobCount(), "all deleted: no blob left");
  }

  private Callable<int[]> read(CountDownLatch go, String path, String sha) {
    return () -> {
      go.await();
      HttpResponse<byte[]> r = server.getBytes(path);
      if (sha != null && r.statusCode() == 200) {
        assertEquals(sha, GeneratedDicom.sha256(r.body()), "a download racing a delete");
      }
      return new int[] {r.statusCode()};
    };
  }
}
