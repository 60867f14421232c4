package dev.lightbox.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, "memory is governed": small requests that ran a {@code -Xmx512m} server out of heap
 * (answering 500, or killing its accept and I/O threads for good). Each must now be refused with a
 * 4xx problem before the memory is taken, or served within the memory budget; after each the
 * server is unharmed ({@link AttackServer#assertUnharmed}).
 */
class MemoryAttackTest extends AttackServerTest {

  @BeforeAll
  void start() throws Exception {
    server = AttackServer.start(tmp);
    server.storeOriginal("2.25.19.1", GeneratedDicom.build("2.25.19.1", 128, 128,
        new byte[128 * 128 * 2]));
  }

  @Test
  void aMillionSequenceItemsAreRefusedAtUpload() throws Exception {
    byte[] file = AttackFiles.sequenceOfItems("2.25.19.2", 1_000_000, false);
    HttpResponse<String> r = server.upload(file, "");
    System.out.println("ATTACK 1M items (" + file.length + " bytes): " + r.statusCode() + " "
        + r.body());
    assertEquals(422, r.statusCode(), r.body());
    assertTrue(r.body().contains("250000"), r.body());
  }

  @Test
  void theLargestAcceptedHeaderIsServedToConcurrentReadersWithoutATree() throws Exception {
    // 120,000 items (240,000 elements and items, under the 250,000 limit): about 5 MB of JSON.
    byte[] file = AttackFiles.sequenceOfItems("2.25.19.3", 120_000, false);
    assertEquals(201, server.upload(file, "").statusCode());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        answers.add(pool.submit(() -> server.get("/instances/2.25.19.3/attributes")));
        answers.add(pool.submit(() -> server.get("/instances/2.25.19.3/attributes/"
            + "ContentSequence/119999/CodeValue")));
      }
      for (Future<HttpResponse<String>> f : answers) {
        HttpResponse<String> r = f.get();
        assertTrue(r.statusCode() == 200 || r.statusCode() == 503, r.statusCode() + " "
            + r.body().substring(0, Math.min(300, r.body().length())));
        if (r.statusCode() == 200 && r.body().startsWith("{\"tag\"")) {
          assertTrue(r.body().contains("\"Value\":[\"X\"]"), r.body());
        } else if (r.statusCode() == 200) {
          assertTrue(r.body().length() > 4_000_000, "whole document: " + r.body().length());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aHundredMebibyteLongStringIsRefusedAndNeverStored() throws Exception {
    Path file = AttackFiles.implicitWithLongString("2.25.19.4", 100L << 20,
        tmp.resolve("long-string.dcm"));
    HttpResponse<String> r = server.upload(HttpRequest.BodyPublishers.ofFile(file), "");
    System.out.println("ATTACK 100 MiB LO: " + r.statusCode() + " " + r.body());
    assertEquals(422, r.statusCode(), r.body());
    assertTrue(r.body().contains("00081030"), r.body());
    assertEquals(404, server.get("/instances/2.25.19.4").statusCode());
    HttpResponse<String> list = server.get("/instances?limit=1000");
    assertEquals(200, list.statusCode());
    assertTrue(list.body().length() < 1_000_000, "listing of " + list.body().length());
  }

  @Test
  void aDeflatedValueJustUnderTheRatioGuardIsRefusedAtUpload() throws Exception {
    byte[] ob = AttackFiles.deflatedLargeValue("2.25.19.5", "OB", 250);
    HttpResponse<String> r = server.upload(ob, "");
    System.out.println("ATTACK deflated 250 MiB OB in " + ob.length + " bytes: "
        + r.statusCode() + " " + r.body());
    assertEquals(422, r.statusCode(), r.body());
    byte[] ut = AttackFiles.deflatedLargeValue("2.25.19.6", "UT", 100);
    r = server.upload(ut, "");
    System.out.println("ATTACK deflated 100 MiB UT in " + ut.length + " bytes: "
        + r.statusCode() + " " + r.body());
    assertEquals(422, r.statusCode(), r.body());
  }

  @Test
  void aStoredDeflatedFileCannotInflateWithoutLimitOnEveryRender() throws Exception {
    byte[] file = AttackFiles.deflatedMultiFrame("2.25.19.7", 50); // 100 MiB of pixel data
    HttpResponse<String> stored = server.upload(file, "");
    System.out.println("ATTACK deflated 100 MiB pixel data in " + file.length + " bytes: "
        + stored.statusCode());
    assertEquals(201, stored.statusCode(), stored.body());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> renders = new ArrayList<>();
      for (int i = 1; i <= 8; i++) {
        int frame = i;
        renders.add(pool.submit(() -> server.get("/instances/2.25.19.7/frames/" + frame
            + "/rendered")));
      }
      for (Future<HttpResponse<String>> f : renders) {
        HttpResponse<String> r = f.get();
        assertTrue(r.statusCode() == 422 || r.statusCode() == 503, r.statusCode() + " "
            + r.body());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aHugeViewportCountsAgainstTheBudgetAndIsRefused() throws Exception {
    HttpResponse<String> r = server.get("/instances/2.25.19.1/rendered?viewport=16384,16384");
    System.out.println("ATTACK viewport 16384²: " + r.statusCode() + " " + r.body());
    assertEquals(422, r.statusCode(), r.body());
    assertTrue(r.body().contains("output"), r.body());
    assertEquals(200, server.get("/instances/2.25.19.1/rendered?viewport=1024,1024")
        .statusCode());
  }
}
