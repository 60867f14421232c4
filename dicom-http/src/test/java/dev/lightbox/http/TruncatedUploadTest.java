package dev.lightbox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.lightbox.http.cli.DumpRunner;
import dev.lightbox.http.cli.Lightbox;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, bad input: every corpus file {@code lightbox dump} refuses, and good files cut short at
 * many offsets, get the same answer over HTTP as from dump — a 4xx problem whose detail is dump's
 * message (reason, tag path, byte offset) — and nothing of them is kept: no index row, no blob, no
 * spool file; the server stays healthy and still stores a good file afterwards.
 */
class TruncatedUploadTest {
  @TempDir Path data;
  @TempDir Path cuts;

  @Test
  void everyFileDumpRefusesIsRefusedOverHttpAndNothingIsKept() throws Exception {
    List<Path> refusedByDump = new ArrayList<>();
    int acceptedCuts = 0;
    for (Path f : corpusFiles()) {
      if (DumpRunner.dump(f).exit() == Lightbox.EXIT_INVALID_DICOM) {
        refusedByDump.add(f);
      }
    }
    int corpusRefused = refusedByDump.size();
    Random random = new Random(2026);
    for (String name : List.of("test_files/CT_small.dcm", "test_files/MR_small_implicit.dcm",
        "test_files/MR_small_bigendian.dcm", "test_files/SC_rgb_rle_2frame.dcm",
        "test_files/image_dfl.dcm", "test_files/rtplan.dcm", "test_files/JPEG2000.dcm")) {
      byte[] whole = Files.readAllBytes(Corpus.file("pydicom/" + name));
      for (int i = 0; i < 12; i++) {
        int cut = 132 + random.nextInt(whole.length - 132);
        Path file = cuts.resolve(Path.of(name).getFileName() + "-cut-" + cut);
        Files.write(file, Arrays.copyOf(whole, cut));
        if (DumpRunner.dump(file).exit() == Lightbox.EXIT_INVALID_DICOM) {
          refusedByDump.add(file);
        } else {
          acceptedCuts++; // a shorter file that is still whole (see the counts below)
          System.out.println("dump accepts " + file.getFileName());
        }
      }
    }
    Set<String> before = storedFiles();
    List<String> differences = new ArrayList<>();
    try (LightboxServer server = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(data).withMaxUploadBytes(64L << 20))) {
      TestClient client = new TestClient(server.baseUrl());
      for (Path f : refusedByDump) {
        String dumpMessage = DumpRunner.dump(f).err().strip()
            .replaceFirst("^lightbox: invalid DICOM: ", "");
        HttpResponse<byte[]> r = client.upload(f);
        JsonObject problem = TestClient.json(r);
        String detail = problem.has("detail") ? problem.get("detail").getAsString() : "";
        boolean status = r.statusCode() == 422 || r.statusCode() == 400;
        if (!status || !detail.equals(dumpMessage)) {
          differences.add(f.getFileName() + ": dump '" + dumpMessage + "', HTTP "
              + r.statusCode() + " '" + detail + "'");
        }
      }
      assertEquals(List.of(), differences);
      assertEquals(200, client.get("/health").statusCode());
      assertEquals(0, TestClient.json(client.get("/instances")).get("total").getAsInt());
      assertEquals(before, storedFiles(), "files in the data directory");
      HttpResponse<byte[]> good = client.upload(Corpus.file("pydicom/test_files/CT_small.dcm"));
      assertEquals(201, good.statusCode());
      assertEquals(1, TestClient.json(client.get("/instances")).get("total").getAsInt());
    }
    assertEquals(20, corpusRefused, "corpus files dump refuses");
    assertEquals(84, refusedByDump.size() - corpusRefused + acceptedCuts, "cut files");
    assertEquals(77, refusedByDump.size() - corpusRefused, "cut files dump refuses");
  }

  private static List<Path> corpusFiles() throws Exception {
    Path root = Corpus.dir("pydicom").getParent();
    try (Stream<Path> a = Files.walk(root.resolve("peers"));
        Stream<Path> b = Files.walk(root.resolve("pydicom"))) {
      List<Path> files = Stream.concat(a, b).filter(Files::isRegularFile).sorted().toList();
      assertEquals(323, files.size(), "corpus files");
      return files;
    }
  }

  /** Every file under the data directory except the index database and its journal files. */
  private Set<String> storedFiles() throws Exception {
    try (Stream<Path> s = Files.walk(data)) {
      Set<String> files = new TreeSet<>();
      s.filter(Files::isRegularFile).map(p -> data.relativize(p).toString())
          .filter(p -> !p.startsWith("index.db")).forEach(files::add);
      return files;
    }
  }
}
