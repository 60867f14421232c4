package dev.lightbox.dicom.codec.rle;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

  /** {@code <repo>/target/generated-corpus/<part>}; surefire runs in the module directory. */
  public static Path generated(String part) {
    Path dir =
        Path.of(System.getProperty("user.dir")).getParent().resolve("target/generated-corpus")
            .resolve(part);
    require(Files.isDirectory(dir), "generated corpus " + dir + " missing: run scripts/corpus/"
        + part + ".sh target/generated-corpus");
    return dir;
  }

  /** The shared corpus root (system property {@code lightbox.corpus}). */
  public static Path corpus() {
    String property = System.getProperty("lightbox.corpus");
    Path dir = property == null ? Path.of("../../shared/corpus") : Path.of(property);
    require(Files.isDirectory(dir), "shared corpus " + dir + " missing");
    return dir;
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
    if (!present) {
      if ("true".equals(System.getenv("CI"))) {
        fail(message + " (CI=true: test inputs must be present)");
      }
      assumeTrue(false, message);
    }
  }
}
