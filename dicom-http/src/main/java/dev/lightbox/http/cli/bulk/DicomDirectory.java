package dev.lightbox.http.cli.bulk;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Sequence;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The files a DICOMDIR names: the Referenced File ID (0004,1500) of every record in its Directory
 * Record Sequence (0004,1220) (PS3.3 F.3, the Basic Directory IOD), each a path relative to the
 * DICOMDIR's own folder whose components are the value's multiple values (PS3.10 §8.5, §9.2;
 * components are at most 8 characters of A-Z, 0-9 and _, so never {@code ..}, which is refused).
 */
final class DicomDirectory {
  /** (0004,1220) Directory Record Sequence. */
  static final int DIRECTORY_RECORD_SEQUENCE = 0x00041220;
  /** (0004,1500) Referenced File ID. */
  static final int REFERENCED_FILE_ID = 0x00041500;
  /** Media Storage Directory Storage (PS3.4 Annex F.3, PS3.6): the SOP Class of a DICOMDIR. */
  static final String MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10";

  private DicomDirectory() {}

  /** A file named DICOMDIR (the name PS3.10 §8.6 fixes), in any case. */
  static boolean isNamedDicomdir(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().toUpperCase(Locale.ROOT).equals("DICOMDIR");
  }

  /**
   * The existing referenced files in record order, without duplicates; references that are
   * malformed or name no file are reported to {@code problems}.
   */
  static List<Path> referencedFiles(Path dicomdir, Consumer<PlanProblem> problems)
      throws IOException {
    Dataset root = DicomReader.read(dicomdir, ReadOptions.defaults()).dataset();
    Path base = dicomdir.toAbsolutePath().getParent();
    Set<Path> files = new LinkedHashSet<>();
    Sequence records = root.sequence(DIRECTORY_RECORD_SEQUENCE).orElse(new Sequence(List.of()));
    for (Dataset entry : records.items()) {
      List<String> components = entry.strings(REFERENCED_FILE_ID);
      if (components.isEmpty()) {
        continue; // PATIENT, STUDY and SERIES records reference no file
      }
      String id = String.join("\\", components);
      Path file = resolve(base, components);
      if (file == null) {
        problems.accept(new PlanProblem(dicomdir + " -> " + id,
            "Referenced File ID is not a relative path of plain components: refused"));
      } else if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        problems.accept(new PlanProblem(file.toString(), "named by " + dicomdir
            + " (Referenced File ID " + id + ") but absent"));
      } else {
        files.add(file);
      }
    }
    return List.copyOf(files);
  }

  /** The referenced path, trying the lower-case spelling media copied to Linux often has. */
  private static Path resolve(Path base, List<String> components) {
    Path exact = base;
    Path lower = base;
    for (String c : components) {
      String s = c.strip();
      if (s.isEmpty() || s.equals(".") || s.equals("..") || s.contains("/") || s.contains("\\")
          || s.contains(":") || s.indexOf('\0') >= 0) {
        return null;
      }
      exact = exact.resolve(s);
      lower = lower.resolve(s.toLowerCase(Locale.ROOT));
    }
    if (!Files.exists(exact, java.nio.file.LinkOption.NOFOLLOW_LINKS)
        && Files.exists(lower, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return lower;
    }
    return exact;
  }
}
