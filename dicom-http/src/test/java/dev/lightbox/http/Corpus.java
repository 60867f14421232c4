package dev.lightbox.http;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared conformance corpus: the {@code lightbox.corpus} system property, else
 * {@code ../shared/corpus} from the repository root. Absent corpus: skip locally, fail under CI.
 */
public final class Corpus {
  private Corpus() {}

  public static Path file(String relative) {
    String prop = System.getProperty("lightbox.corpus");
    Path root = prop != null && !prop.isBlank() ? Path.of(prop)
        : Path.of(System.getProperty("user.dir")).getParent().resolve("../shared/corpus").normalize();
    Path f = root.resolve(relative);
    if (!Files.isRegularFile(f)) {
      dev.lightbox.http.testing.Ci.cannotRun(
          "corpus file " + f + " is absent (set -Dlightbox.corpus)");
    }
    return f;
  }

  /** A directory of the corpus (same skip/fail rule). */
  public static Path dir(String relative) {
    Path d = root().resolve(relative);
    if (!Files.isDirectory(d)) {
      dev.lightbox.http.testing.Ci.cannotRun(
          "corpus directory " + d + " is absent (set -Dlightbox.corpus)");
    }
    return d;
  }

  public static Path root() {
    String prop = System.getProperty("lightbox.corpus");
    return prop != null && !prop.isBlank() ? Path.of(prop)
        : Path.of(System.getProperty("user.dir")).getParent().resolve("../shared/corpus").normalize();
  }

  public static Path pydicom(String name) {
    return file("pydicom/test_files/" + name);
  }
}
