package dev.lightbox.dicom.codec.jpegls;

import dev.lightbox.dicom.codec.rle.TestInputs;
import dev.lightbox.dicom.testing.Corpus;
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
    return Corpus.repoRoot().resolve("target/generated-corpus/jpegls");
  }

  /** Lines of manifest.tsv, or an empty list when the corpus has not been generated. */
  static List<String> manifest() throws IOException {
    Path manifest = dir().resolve("manifest.tsv");
    if (!Files.isRegularFile(manifest)) {
      return List.of();
    }
    return Files.readAllLines(manifest).stream().filter(l -> !l.isBlank()).toList();
  }

  /** counts.tsv: cases per group as the generator recorded them. */
  static java.util.Map<String, Integer> counts() throws IOException {
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(dir().resolve("counts.tsv"))) {
      String[] f = line.split("\t");
      counts.put(f[0], Integer.parseInt(f[1].trim()));
    }
    return counts;
  }

  /** The shared corpus ({@code lightbox.corpus}); skip when absent, fail when CI=true. */
  static void requireSharedCorpus() {
    Corpus.requireDirectory(Corpus.shared().resolve("pydicom"), "shared corpus");
  }

  static void requirePresent() {
    Corpus.requireDirectory(Corpus.generated("jpegls"), "generated JPEG-LS corpus");
    TestInputs.require(Files.isRegularFile(dir().resolve("manifest.tsv")),
        "generated JPEG-LS corpus has no manifest.tsv at " + dir()
            + "; run scripts/corpus/jpegls.sh target/generated-corpus (needs dcmtk)");
  }
}
