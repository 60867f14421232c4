package dev.lightbox.dicom.codec.jpegls;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Locates {@code target/generated-corpus/jpegls} made by {@code scripts/corpus/jpegls.sh} (run by
 * {@code scripts/test.sh}). Absent: tests skip locally and fail when {@code CI=true}.
 */
final class GeneratedCorpus {
  private GeneratedCorpus() {}

  static Path dir() {
    // Surefire runs in the module directory; the corpus lives under the repository root.
    return Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
        .resolve("target/generated-corpus/jpegls");
  }

  /** Lines of manifest.tsv, or an empty list when the corpus has not been generated. */
  static List<String> manifest() throws IOException {
    Path manifest = dir().resolve("manifest.tsv");
    if (!Files.isRegularFile(manifest)) {
      return List.of();
    }
    return Files.readAllLines(manifest).stream().filter(l -> !l.isBlank()).toList();
  }

  /** The shared corpus ({@code lightbox.corpus}); skip when absent, fail when CI=true. */
  static void requireSharedCorpus() {
    String property = System.getProperty("lightbox.corpus", "../../shared/corpus");
    boolean present = Files.isDirectory(Path.of(property).resolve("pydicom"));
    String message = "shared corpus missing at " + property;
    if (!present && "true".equals(System.getenv("CI"))) {
      fail(message);
    }
    assumeTrue(present, message);
  }

  static void requirePresent() {
    boolean present = Files.isRegularFile(dir().resolve("manifest.tsv"));
    String message = "generated JPEG-LS corpus missing at " + dir()
        + "; run scripts/corpus/jpegls.sh target/generated-corpus (needs dcmtk)";
    if (!present && "true".equals(System.getenv("CI"))) {
      fail(message);
    }
    assumeTrue(present, message);
  }
}
