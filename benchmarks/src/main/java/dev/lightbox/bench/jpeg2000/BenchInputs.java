package dev.lightbox.bench.jpeg2000;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Codestreams written by {@code scripts/corpus/j2k.sh} into
 * {@code target/generated-corpus/j2k} (override with {@code -Dlightbox.j2k.dir=DIR}).
 */
final class BenchInputs {
  private BenchInputs() {}

  static byte[] read(String relative) throws IOException {
    Path dir = Path.of(System.getProperty("lightbox.j2k.dir", "target/generated-corpus/j2k"));
    Path file = dir.resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("benchmark input " + file.toAbsolutePath() + " missing: "
          + "run scripts/corpus/j2k.sh target/generated-corpus from the repository root, or "
          + "pass -Dlightbox.j2k.dir=DIR");
    }
    return Files.readAllBytes(file);
  }
}
