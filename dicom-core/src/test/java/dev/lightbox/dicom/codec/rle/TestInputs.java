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

  /**
   * The generated inputs under {@code <part>/gen} that have a dcmtk reference beside them (the
   * references themselves, {@code *.ref.dcm}, left out).
   */
  public static List<Path> generatedWithReferences(String part) throws IOException {
    return list(generated(part).resolve("gen"), ".dcm").stream()
        .filter(p -> !p.toString().endsWith(".ref.dcm"))
        .collect(Collectors.toList());
  }

  /** The dcmtk references {@code <part>/corpus/*.ref.dcm} made from shared-corpus files. */
  public static List<Path> corpusReferences(String part) throws IOException {
    return list(generated(part).resolve("corpus"), ".ref.dcm");
  }

  /** {@code x.ref.dcm} beside generated input {@code x.dcm}; skips/fails when it is missing. */
  public static Path referenceOf(Path generatedInput) {
    Path ref = generatedInput.resolveSibling(
        generatedInput.getFileName().toString().replace(".dcm", ".ref.dcm"));
    require(Files.exists(ref), "no dcmtk reference " + ref);
    return ref;
  }

  /** The pydicom corpus file (test_files, else pydicom-data) that reference {@code ref} was made of. */
  public static Path pydicomOriginal(Path ref) {
    String name = ref.getFileName().toString().replace(".ref.dcm", ".dcm");
    Path root = corpus().resolve("pydicom");
    Path original = root.resolve("test_files").resolve(name);
    if (!Files.exists(original)) {
      original = root.resolve("pydicom-data").resolve(name);
    }
    require(Files.exists(original), name + " not in " + root);
    return original;
  }

  public static void require(boolean present, String message) {
    dev.lightbox.dicom.testing.Ci.require(present, message);
  }
}
