package dev.lightbox.http.viewer;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared corpus ({@code lightbox.corpus}, else {@code ../shared/corpus} from the repository
 * root). Absent file: skip locally, fail under {@code CI=true}.
 */
final class ViewerCorpus {
  private ViewerCorpus() {}

  static Path file(String relative) {
    String prop = System.getProperty("lightbox.corpus");
    Path root = prop != null && !prop.isBlank() ? Path.of(prop)
        : Path.of(System.getProperty("user.dir")).getParent().resolve("../shared/corpus")
            .normalize();
    Path f = root.resolve(relative);
    if (!Files.isRegularFile(f)) {
      String message = "corpus file " + f + " is absent (set -Dlightbox.corpus)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
    return f;
  }
}
