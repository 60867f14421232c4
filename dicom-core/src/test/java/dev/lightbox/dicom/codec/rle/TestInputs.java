package dev.lightbox.dicom.codec.rle;


import dev.lightbox.dicom.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Locates test inputs that live outside the repository: the files {@code scripts/corpus/*.sh}
 * generate under {@code target/generated-corpus} and the shared conformance corpus. When one is
 * absent a test is skipped with a message, except under {@code CI=true}, where it fails.
 */
public final class TestInputs {
  private TestInputs() {}

  /** {@code <repo>/target/generated-corpus/<part>} (see {@link Corpus#generated}). */
  public static Path generated(String part) {
    return Corpus.generated(part);
  }

  /** The shared corpus root (see {@link Corpus#shared}). */
  public static Path corpus() {
    return Corpus.shared();
  }

  /** Files in {@code dir} whose name ends with {@code suffix}, sorted; skips/fails when none. */
  public static List<Path> list(Path dir, String suffix) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted()
          .collect(Collectors.toList());
    }
    require(!files.isEmpty(), "no *" + suffix + " files in " + dir);
    return files;
  }

  public static void require(boolean present, String message) {
    dev.lightbox.dicom.testing.Ci.require(present, message);
  }
}
