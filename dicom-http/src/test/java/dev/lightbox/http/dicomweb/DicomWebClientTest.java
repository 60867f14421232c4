package dev.lightbox.http.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.http.Corpus;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.testing.Ci;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real DICOMweb client: the npm package dicomweb-client, driven from Node
 * (src/test/node/dicomweb-client-test.mjs), stores, searches and retrieves against Lightbox, and
 * checks every answer against dcmtk's view of the same files.
 */
class DicomWebClientTest {
  @TempDir Path data;

  @Test
  void dicomwebClientStoresSearchesAndRetrievesEveryResource() throws Exception {
    Path modules = NodeTools.require("node_modules/dicomweb-client").getParent();
    NodeTools.require("node_modules/xhr2");
    List<Path> files = List.of(Corpus.pydicom("CT_small.dcm"),
        Corpus.file("pydicom/pydicom-data/emri_small.dcm"),
        Corpus.pydicom("MR_small_jpeg_ls_lossless.dcm"),
        Corpus.pydicom("SC_rgb_jpeg_dcmtk.dcm"));
    try (LightboxServer server = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(data))) {
      String base = server.baseUrl().replaceAll("/$", "");
      List<String> command = new ArrayList<>(List.of("node",
          NodeTools.script("dicomweb-client-test.mjs").toString(), base, modules.toString()));
      files.forEach(f -> command.add(f.toString()));
      Process p;
      try {
        p = new ProcessBuilder(command).redirectErrorStream(true).start();
      } catch (java.io.IOException e) {
        Ci.cannotRun("node is not installed: " + e.getMessage());
        return;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node test timed out");
      assertEquals(0, p.exitValue(), out);
      Matcher m = Pattern.compile("checks passed: (\\d+)").matcher(out);
      assertTrue(m.find(), out);
      // 1 STOW + 5 QIDO checks per file (+1 PN for named patients) + 1 /series + 14 per file.
      assertTrue(Integer.parseInt(m.group(1)) >= 1 + 4 * 5 + 3 + 1 + 4 * 13, out);
    }
  }
}
