package dev.lightbox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of the shared corpus' peers/ and pydicom/ trees (DICOM or not: the server must cope
 * with whatever a client sends) gets a 2xx or a specific 4xx problem, never a 5xx. The outcome of
 * each file is printed, so a change in behaviour shows up in the test output.
 */
class CorpusUploadTest {
  @TempDir Path data;

  @Test
  void everyCorpusFileIsStoredOrRefusedWithA4xxProblem() throws Exception {
    Corpus.dir("peers");
    Path root = Corpus.dir("pydicom").getParent();
    List<Path> files;
    try (Stream<Path> a = Files.walk(root.resolve("peers"));
        Stream<Path> b = Files.walk(root.resolve("pydicom"))) {
      files = Stream.concat(a, b).filter(Files::isRegularFile).sorted().toList();
    }
    assertTrue(files.size() > 100, "corpus looks incomplete: " + files.size() + " files");
    Map<String, Integer> byOutcome = new TreeMap<>();
    StringBuilder report = new StringBuilder();
    try (LightboxServer server = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(data).withMaxUploadBytes(64L << 20))) {
      TestClient client = new TestClient(server.baseUrl());
      for (Path f : files) {
        HttpResponse<byte[]> r = client.upload(f);
        int status = r.statusCode();
        String outcome;
        if (status >= 200 && status < 300) {
          outcome = status + " " + TestClient.json(r).get("status").getAsString();
        } else {
          assertEquals("application/problem+json",
              r.headers().firstValue("Content-Type").orElse(""), f + ": " + status);
          JsonObject p = TestClient.json(r);
          outcome = status + " " + p.get("type").getAsString();
          report.append(String.format("%-90s %s: %s%n", root.relativize(f), outcome,
              p.get("detail").getAsString().replace('\n', ' ')));
        }
        if (status < 300) {
          report.append(String.format("%-90s %s%n", root.relativize(f), outcome));
        }
        // 2xx, or a 4xx about the file itself (not a transport failure such as 408/413).
        assertTrue(status < 300 || status == 400 || status == 409 || status == 422,
            f + " -> " + status + " " + new String(r.body()));
        byOutcome.merge(outcome, 1, Integer::sum);
      }
    }
    System.out.println("corpus upload outcomes (" + files.size() + " files): " + byOutcome);
    System.out.print(report);
  }
}
