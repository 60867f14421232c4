package dev.lightbox.dicom.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.io.Strictness;
import dev.lightbox.dicom.testing.Corpus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trip against dcmtk: read → write → {@code dcmdump} of what we wrote equals {@code dcmdump}
 * of the input, for every file of the shared corpus (and of the generated dcmtk corpus) that
 * dcmdump reads and our reader reads strictly. Our reader then reads the written file back and
 * every value must be byte-identical (dcmdump shortens long values; this does not).
 *
 * <p>Same syntax: the comparison is with the original's dump. Transcoding between implicit and
 * explicit VR little endian (native pixel data only): the comparison is with the dump of the same
 * transcoding done by dcmtk's {@code dcmconv}, because the VR column of an implicit-VR dump comes
 * from dcmtk's dictionary, not from the file.
 *
 * <p>What the normalisation removes, and why it must differ:
 * <ul>
 *   <li>dcmdump's warnings about the input ({@code W:} lines), e.g. encapsulated pixel data
 *       declared OW or a missing meta group length, which the writer repairs (OB, PS3.5 §A.4; the
 *       group length is Type 1, PS3.10 §7.1). What we write must dump without any warning;
 *   <li>sequence and item length forms ("explicit length" / "undefined length", their byte counts,
 *       and the delimitation-item lines): the dataset model keeps items, not how the writer of the
 *       input delimited them (PS3.5 §7.5: both forms are equivalent); we write undefined lengths;
 *   <li>the values of dataset group length elements (gggg,0000): they count bytes, which change
 *       with the length form (PS3.5 §7.2). The meta group length (0002,0000) is not normalised:
 *       with the input's meta elements written again it must equal the input's value;
 *   <li>runs of spaces: dcmdump aligns its comment column after the value, so the shorter
 *       length form text moves it;
 *   <li>for transcoding only, value lengths in the comment column: dcmconv drops trailing
 *       padding spaces of string values, we keep the bytes; every value is compared byte for byte
 *       with the input by re-reading instead;
 *   <li>for transcoding only, the File Meta Information: dcmconv writes a new one (its own
 *       implementation identifiers, Media Storage UIDs copied from the dataset, no Source AE
 *       Title) while we keep the input's; the meta group is compared in the same-syntax case.
 * </ul>
 */
class DcmtkRoundTripTest {
  /** Files compared at least: the count must not drop silently when the corpus or reader change. */
  private static final int MIN_SHARED_SAME_SYNTAX = 238;
  private static final int MIN_SHARED_TRANSCODED = 155;
  private static final int MIN_SHARED_EQUAL_DUMPS = 371;
  private static final int MIN_GENERATED_SAME_SYNTAX = 122;
  private static final int MIN_GENERATED_TRANSCODED = 90;
  private static final int MIN_GENERATED_EQUAL_DUMPS = 206;

  private static final ReadOptions STRICT = ReadOptions.defaults()
      .withStrictness(Strictness.STRICT).withBulkThreshold(4096);

  @TempDir Path temp;

  @BeforeAll
  static void tools() {
    Corpus.requireTool("dcmdump");
    Corpus.requireTool("dcmconv");
  }

  @Test
  void sharedCorpusRoundTripsThroughTheWriter() throws Exception {
    Path corpus = Corpus.shared();
    List<String> lines = Files.readAllLines(corpus.resolve("ref/index.tsv"));
    List<Path> files = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      files.add(corpus.resolve(line.split("\t", -1)[0]));
    }
    Counts c = roundTrip(files);
    System.out.println(c);
    assertTrue(c.failures.isEmpty(), c.failures.size() + " differences:\n"
        + String.join("\n\n", c.failures));
    assertTrue(c.sameSyntax >= MIN_SHARED_SAME_SYNTAX, c.toString());
    assertTrue(c.transcoded >= MIN_SHARED_TRANSCODED, c.toString());
    assertTrue(c.equalDumps >= MIN_SHARED_EQUAL_DUMPS, c.toString());
  }

  @Test
  void generatedCorpusRoundTripsThroughTheWriter() throws Exception {
    Path dir = Corpus.generated("dcmtk");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
    }
    Counts c = roundTrip(files);
    System.out.println(c);
    assertTrue(c.failures.isEmpty(), c.failures.size() + " differences:\n"
        + String.join("\n\n", c.failures));
    assertTrue(c.sameSyntax >= MIN_GENERATED_SAME_SYNTAX, c.toString());
    assertTrue(c.transcoded >= MIN_GENERATED_TRANSCODED, c.toString());
    assertTrue(c.equalDumps >= MIN_GENERATED_EQUAL_DUMPS, c.toString());
  }

  private static final class Counts {
    int sameSyntax;
    int transcoded;
    int notReadByDcmdump;
    int notStrict;
    int bare;
    int unSequences;
    int directories;
    int equalDumps;
    final List<String> failures = new ArrayList<>();

    @Override
    public String toString() {
      return "compared " + sameSyntax + " same-syntax and " + transcoded + " transcoded ("
          + equalDumps + " equal dumps); skipped "
          + notReadByDcmdump + " dcmdump cannot read, " + notStrict + " not strictly readable, "
          + bare + " without File Meta Information; " + unSequences
          + " dumps with UN sequences and " + directories
          + " DICOMDIR dumps compared by value only";
    }
  }

  private Counts roundTrip(List<Path> files) throws Exception {
    Counts c = new Counts();
    for (Path file : files) {
      Dump original = dcmdump(file);
      if (original.exitCode != 0) {
        c.notReadByDcmdump++;
        continue;
      }
      try (FileByteSource source = FileByteSource.open(file)) {
        ParseResult parsed;
        try {
          parsed = DicomReader.read(source, STRICT);
        } catch (DicomParseException e) {
          c.notStrict++;
          continue;
        }
        if (parsed.fileMeta().isEmpty()) {
          c.bare++;
          continue;
        }
        TransferSyntax ts = parsed.transferSyntax();
        Path ours = write(parsed, source, ts, file.getFileName() + ".same.dcm");
        compare(c, file, "same syntax", original.text, dcmdump(ours), parsed, source, ours,
            false);
        c.sameSyntax++;
        TransferSyntax other = ts.equals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)
            ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
            : ts.equals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN : null;
        if (other != null) {
          Path theirs = temp.resolve(file.getFileName() + ".dcmconv.dcm");
          // -e: undefined lengths, as we write; an implicit-VR reader can then still parse a
          // private sequence it has no dictionary entry for (PS3.5 §6.2.2).
          run("dcmconv", other.explicitVr() ? "+te" : "+ti", "-e", file.toString(),
              theirs.toString());
          Path transcoded = write(parsed, source, other, file.getFileName() + ".other.dcm");
          compare(c, file, "to " + other.name(), dcmdump(theirs).text, dcmdump(transcoded),
              parsed, source, transcoded, true);
          c.transcoded++;
        }
      }
    }
    return c;
  }

  private Path write(ParseResult parsed, FileByteSource source, TransferSyntax ts, String name)
      throws IOException {
    Path out = temp.resolve(name);
    try (OutputStream os = Files.newOutputStream(out)) {
      DicomWriter.writeFile(os, parsed.fileMeta(), parsed.dataset(), ts, source,
          WriteOptions.defaults());
    }
    return out;
  }

  private void compare(Counts c, Path file, String what, String expectedDump, Dump actual,
      ParseResult parsed, FileByteSource source, Path written, boolean transcoded)
      throws IOException {
    String label = file.getFileName() + " (" + what + ")";
    if (actual.exitCode != 0) {
      c.failures.add(label + ": dcmdump failed on what we wrote:\n" + actual.text);
      return;
    }
    List<String> inputWarnings = warnings(expectedDump);
    List<String> newWarnings = warnings(actual.text).stream()
        .filter(w -> !inputWarnings.contains(w) && !w.contains(UN_SEQUENCE_WARNING)).toList();
    if (!newWarnings.isEmpty()) {
      c.failures.add(label + ": dcmdump warns about what we wrote:\n"
          + String.join("\n", newWarnings));
      return;
    }
    boolean fromImplicit = transcoded && !parsed.transferSyntax().explicitVr();
    String expected = normalise(expectedDump, transcoded, fromImplicit);
    String got = normalise(actual.text, transcoded, fromImplicit);
    if (!expectedDump.contains("(0002,0000)")) {
      // The input had no meta group length; we always write it (PS3.10 §7.1, Type 1).
      got = got.lines().filter(l -> !l.startsWith("(0002,0000)"))
          .collect(Collectors.joining("\n"));
    }
    if (expectedDump.contains(UN_SEQUENCE_WARNING)) {
      c.unSequences++;
    } else if (parsed.fileMeta().string(Tag.MEDIA_STORAGE_SOP_CLASS_UID).orElse("")
        .equals(MEDIA_STORAGE_DIRECTORY)) {
      c.directories++;
    } else if (!expected.equals(got)) {
      c.failures.add(label + ":\n" + firstDifference(expected, got));
      return;
    } else {
      c.equalDumps++;
    }
    try (FileByteSource back = FileByteSource.open(written)) {
      ParseResult reread = DicomReader.read(back, STRICT);
      DatasetAssertions.assertSameContent(parsed.dataset(), source, reread.dataset(), back,
          label, reread.transferSyntax().explicitVr());
    } catch (AssertionError | DicomParseException e) {
      c.failures.add(label + ": read back: " + e.getMessage());
    }
  }

  /**
   * dcmdump's note on a UN element of undefined length, which it reads as a sequence (CP-246). Our
   * reader does the same and reports it as SQ (docs/reader.md), so we write an SQ: the dumps differ
   * by design in the VR of that element. Such files are counted apart and still compared value by
   * value.
   */
  private static final String UN_SEQUENCE_WARNING = "with VR UN and undefined length";

  /**
   * DICOMDIR (PS3.10 §8): its records hold byte offsets of other records in the file, which the
   * writer does not recompute when the length form changes the layout. Compared by value only.
   */
  private static final String MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10";

  /**
   * The dump text both sides are compared by: see the class comment for each rule.
   * {@code fromImplicit} drops private data elements (and what is nested in them), whose VR an
   * implicit-VR input does not carry: we write UN (PS3.5 §6.2.2), dcmtk takes one from its private
   * dictionary.
   */
  static String normalise(String dump, boolean transcoded, boolean fromImplicit) {
    String body = transcoded ? dump.substring(Math.max(0, dump.indexOf("# Dicom-Data-Set"))) : dump;
    List<String> out = new ArrayList<>();
    int droppedIndent = -1;
    for (String l : body.lines().toList()) {
      int indent = l.length() - l.stripLeading().length();
      if (droppedIndent >= 0 && indent > droppedIndent) {
        continue;
      }
      droppedIndent = -1;
      if (l.startsWith("W: ") || l.contains("Delimitation")) {
        continue;
      }
      if (fromImplicit && isPrivateData(l.strip())) {
        droppedIndent = indent;
        continue;
      }
      l = l.replaceAll("with (explicit|undefined) length", "with length")
          .replaceAll("(\\((Sequence|Item|PixelSequence) .*#)\\s*(u/l|\\d+),", "$1 len,")
          .replaceAll("(\"Directory Record\" .*#)\\s*(u/l|\\d+),", "$1 len,");
      if (l.matches("\\s*\\([0-9a-f]{4},0000\\) UL .*") && !l.startsWith("(0002,0000)")) {
        l = l.replaceAll("UL \\d+\\s+#", "UL n #");
      }
      if (transcoded) {
        l = l.replaceAll("#\\s*\\d+,", "# len,");
      }
      out.add(l.replaceAll(" +", " "));
    }
    return String.join("\n", out);
  }

  /**
   * dcmdump's warnings and errors. What we write may repeat the input's (e.g. an element in the
   * illegal group 0001 is kept as read) and may have UN sequences of undefined length: a private
   * sequence written in implicit VR is one for a reader without its dictionary entry, which PS3.5
   * §6.2.2 (CP-246) tells to read it as a sequence. Anything else is a defect of the writer.
   */
  private static List<String> warnings(String dump) {
    return dump.lines().filter(l -> l.startsWith("W: ") || l.startsWith("E: ")).toList();
  }

  /** A private data element (odd group above 0008, element 0100 or above), PS3.5 §7.8.1. */
  private static boolean isPrivateData(String line) {
    if (!line.matches("\\([0-9a-f]{4},[0-9a-f]{4}\\).*")) {
      return false;
    }
    int group = Integer.parseInt(line.substring(1, 5), 16);
    int element = Integer.parseInt(line.substring(6, 10), 16);
    return (group & 1) == 1 && group > 8 && element >= 0x100;
  }

  private static String firstDifference(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
      String x = i < e.size() ? e.get(i) : "<end>";
      String y = i < a.size() ? a.get(i) : "<end>";
      if (!x.equals(y)) {
        return "  line " + (i + 1) + "\n  expected: " + x + "\n  actual:   " + y;
      }
    }
    return "  (equal)";
  }

  private record Dump(int exitCode, String text) {}

  private static Dump dcmdump(Path file) throws IOException {
    return run("dcmdump", file.toString());
  }

  private static Dump run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timeout: " + String.join(" ", command));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    // ISO 8859-1 keeps every byte of values dcmdump prints in the file's own character set.
    return new Dump(p.exitValue(), new String(out, StandardCharsets.ISO_8859_1));
  }
}
