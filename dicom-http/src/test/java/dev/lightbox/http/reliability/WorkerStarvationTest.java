package dev.lightbox.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, "workers cannot be starved": 16 uploads that send their headers and 2 body bytes and
 * then nothing, and 16 that trickle at 1.5 KiB/s (above the 1 KiB/s minimum rate), held open
 * while reads are timed. Before the upload gate they held all 16 of Undertow's worker threads and
 * {@code /health} waited for the 30 s stall timeout; now reads are served within a second and
 * uploads past the bound get 503 with Retry-After at once.
 */
class WorkerStarvationTest extends AttackServerTest {

  @BeforeAll
  void start() throws Exception {
    server = AttackServer.start(tmp);
    server.storeOriginal("2.25.19.20", GeneratedDicom.build("2.25.19.20", 64, 64,
        new byte[64 * 64 * 2]));
  }

  @Test
  void readsAreServedWhileStalledAndTricklingUploadsAreOpen() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    List<Socket> slow = new ArrayList<>();
    AtomicBoolean trickling = new AtomicBoolean(true);
    Thread trickler = null;
    try {
      for (int i = 0; i < 16; i++) {
        Socket s = uploadHead(1_000_000);
        s.getOutputStream().write(new byte[2]);
        s.getOutputStream().flush();
        stalled.add(s);
      }
      for (int i = 0; i < 16; i++) {
        slow.add(uploadHead(1_000_000));
      }
      trickler = new Thread(() -> {
        byte[] chunk = new byte[150]; // 150 bytes every 100 ms: 1.5 KiB/s per upload
        while (trickling.get()) {
          for (Socket s : slow) {
            try {
              s.getOutputStream().write(chunk);
              s.getOutputStream().flush();
            } catch (IOException e) {
              // refused (503) or closed: that upload is over
            }
          }
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      trickler.setDaemon(true);
      trickler.start();
      Thread.sleep(1000);
      // For 8 s, every read must be answered within a second.
      long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      int reads = 0;
      double slowest = 0;
      while (System.nanoTime() < end) {
        for (String path : List.of("/health", "/instances/2.25.19.20/attributes/PatientName",
            "/instances/2.25.19.20/rendered", "/instances?limit=10")) {
          long t0 = System.nanoTime();
          HttpResponse<String> r = server.get(path);
          double seconds = (System.nanoTime() - t0) / 1e9;
          slowest = Math.max(slowest, seconds);
          assertEquals(200, r.statusCode(), path + ": " + r.body());
          assertTrue(seconds < 1, path + " took " + seconds + " s with 32 slow uploads open");
          reads++;
        }
      }
      System.out.println("ATTACK 16 stalled + 16 trickling uploads: " + reads
          + " reads, slowest " + slowest + " s");
      // A further upload is refused at once, with a hint when to retry.
      long t0 = System.nanoTime();
      HttpResponse<String> refused = server.upload(GeneratedDicom.build("2.25.19.21", 8, 8,
          new byte[128]), "");
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.println("ATTACK upload while full: " + refused.statusCode() + " in " + seconds
          + " s " + refused.headers().firstValue("Retry-After"));
      assertEquals(503, refused.statusCode(), refused.body());
      assertTrue(refused.headers().firstValue("Retry-After").isPresent());
      assertTrue(seconds < 1, seconds + " s");
    } finally {
      trickling.set(false);
      if (trickler != null) {
        trickler.join(2000);
      }
      for (Socket s : stalled) {
        s.close();
      }
      for (Socket s : slow) {
        s.close();
      }
    }
    // Once the clients are gone, uploads are accepted again.
    HttpResponse<String> after = null;
    for (int i = 0; i < 20; i++) {
      after = server.upload(GeneratedDicom.build("2.25.19.22", 8, 8, new byte[128]), "");
      if (after.statusCode() != 503) {
        break;
      }
      Thread.sleep(500);
    }
    assertEquals(201, after.statusCode(), after.body());
  }

  private Socket uploadHead(long contentLength) throws IOException {
    Socket s = new Socket("127.0.0.1", server.process.port());
    OutputStream out = s.getOutputStream();
    out.write(("POST /instances HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/dicom"
        + "\r\nContent-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }
}
