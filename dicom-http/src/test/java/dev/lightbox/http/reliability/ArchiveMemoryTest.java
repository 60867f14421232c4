package dev.lightbox.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a study archive is streamed, never buffered. A server with a 64 MiB heap (and {@code
 * -XX:+ExitOnOutOfMemoryError}, so buffering would end the process) sends a 201 MB study as one
 * archive; every entry read back matches its original's SHA-256.
 */
class ArchiveMemoryTest {
  static final String STUDY = "2.25.1616.77";
  static final int FILES = 12;
  /** 2896 × 2896 × 2 bytes ≈ 16 MiB of pixel data per file. */
  static final int SIDE = 2896;

  @TempDir Path tmp;

  @Test
  void aStudyThreeTimesTheHeapIsArchivedByAServerWithASmallHeap() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Map<String, String> expected = new HashMap<>();
    try (ServerProcess server = ServerProcess.start(List.of("-Xmx64m"), tmp.resolve("data"),
        tmp.resolve("server.log"), List.of("--durability", "relaxed"), Map.of())) {
      Random random = new Random(1616);
      byte[] pixels = new byte[SIDE * SIDE * 2];
      long total = 0;
      for (int i = 0; i < FILES; i++) {
        random.nextBytes(pixels);
        for (int p = 1; p < pixels.length; p += 2) {
          pixels[p] &= 0x0F; // 12 bits stored
        }
        String sop = STUDY + ".1." + i;
        byte[] file = GeneratedDicom.build(sop, STUDY, STUDY + ".1", SIDE, SIDE, pixels);
        total += file.length;
        expected.put(STUDY + "/" + STUDY + ".1/" + sop + ".dcm", sha256(file));
        Path f = tmp.resolve("upload.dcm");
        Files.write(f, file);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
            + "instances")).header("Content-Type", "application/dicom")
            .POST(HttpRequest.BodyPublishers.ofFile(f)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
      }
      assertTrue(total > 3L * 64_000_000, "the study is " + total + " bytes");

      long t0 = System.nanoTime();
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(
          server.baseUrl() + "studies/" + STUDY + "/archive")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, r.statusCode());
      Map<String, String> actual = new HashMap<>();
      try (ZipInputStream zip = new ZipInputStream(r.body())) {
        byte[] buffer = new byte[1 << 16];
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
          MessageDigest digest = MessageDigest.getInstance("SHA-256");
          for (int n; (n = zip.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
          }
          actual.put(e.getName(), HexFormat.of().formatHex(digest.digest()));
        }
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(expected, actual);
      assertTrue(server.alive(), "the server survived: " + Files.readString(server.log()));
      System.out.println("archive of " + FILES + " files, " + (total >> 20) + " MiB, with "
          + "-Xmx64m: " + ms + " ms");
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
