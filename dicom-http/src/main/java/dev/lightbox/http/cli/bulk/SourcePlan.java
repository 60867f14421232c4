package dev.lightbox.http.cli.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an import will read, listed before anything is sent so the progress can show totals and an
 * ETA: the files under each folder (symbolic links to files followed, to folders not, so a link
 * cycle cannot loop), the entries of each ZIP file, and the files each DICOMDIR given on the
 * command line references. Anything that cannot be read (a broken link, a FIFO, a socket, a folder
 * without permission, a refused ZIP entry) is a {@link PlanProblem}, reported with the failures;
 * it never stops the listing. ZIP archives stay open until the plan is closed.
 */
public final class SourcePlan implements AutoCloseable {
  private final List<ImportSource> sources = new ArrayList<>();
  private final List<PlanProblem> problems = new ArrayList<>();
  private final List<ZipArchive> archives = new ArrayList<>();
  private final long maxEntryBytes;

  private SourcePlan(long maxEntryBytes) {
    this.maxEntryBytes = maxEntryBytes;
  }

  /**
   * Lists {@code paths}. A path that does not exist at all is the caller's mistake and throws
   * {@link NoSuchFileException}; everything else that cannot be read is a problem of the plan.
   *
   * @param maxEntryBytes ZIP entries declared larger than this are refused
   */
  public static SourcePlan of(List<Path> paths, long maxEntryBytes) throws IOException {
    SourcePlan plan = new SourcePlan(maxEntryBytes);
    try {
      for (Path p : paths) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new NoSuchFileException(p.toString());
        }
        if (Files.isDirectory(p)) {
          plan.walk(p);
        } else {
          plan.addFile(p, true);
        }
      }
    } catch (IOException | RuntimeException e) {
      plan.close();
      throw e;
    }
    return plan;
  }

  public List<ImportSource> sources() {
    return sources;
  }

  public List<PlanProblem> problems() {
    return problems;
  }

  /** Bytes of all sources, as known before reading them. */
  public long totalBytes() {
    return sources.stream().mapToLong(ImportSource::size).sum();
  }

  private void walk(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        addFile(file, false);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        problems.add(new PlanProblem(file.toString(), "cannot be listed: " + describe(e)));
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * One path that is not a folder.
   *
   * @param explicit named on the command line: a DICOMDIR is then followed (in a folder walk its
   *     files are found by the walk itself, and the DICOMDIR is skipped as a non-image)
   */
  private void addFile(Path file, boolean explicit) {
    if (Files.isSymbolicLink(file) && !Files.exists(file)) {
      problems.add(new PlanProblem(file.toString(), "broken symbolic link: not read"));
      return;
    }
    if (Files.isDirectory(file)) {
      problems.add(new PlanProblem(file.toString(), "symbolic link to a folder: not followed"));
      return;
    }
    if (!Files.isRegularFile(file)) {
      // A FIFO would block the reader forever, a device could be endless: never open them.
      problems.add(new PlanProblem(file.toString(),
          "not a regular file (FIFO, socket or device): not read"));
      return;
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      problems.add(new PlanProblem(file.toString(), "unreadable: " + describe(e)));
      return;
    }
    if (explicit && DicomDirectory.isNamedDicomdir(file)) {
      try {
        for (Path referenced : DicomDirectory.referencedFiles(file, problems::add)) {
          addFile(referenced, false);
        }
      } catch (IOException e) {
        problems.add(new PlanProblem(file.toString(), "unreadable DICOMDIR: " + describe(e)));
      }
      return;
    }
    if (isZip(file, explicit)) {
      try {
        ZipArchive zip = ZipArchive.open(file);
        archives.add(zip);
        zip.list(maxEntryBytes, sources, problems::add);
      } catch (IOException e) {
        problems.add(new PlanProblem(file.toString(), "unreadable ZIP file: " + describe(e)));
      }
      return;
    }
    sources.add(ImportSource.of(file, size));
  }

  /**
   * A ZIP by its name ending in {@code .zip}, or, for a file named on the command line, by its
   * first bytes (one extra read per file in a folder of 100,000 would cost more than it finds).
   */
  private static boolean isZip(Path file, boolean explicit) {
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      return true;
    }
    if (!explicit) {
      return false;
    }
    byte[] head = new byte[4];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, 4);
      return ZipArchive.looksLikeZip(head, n);
    } catch (IOException e) {
      return false; // reported when it is read for import
    }
  }

  static String describe(IOException e) {
    String type = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
        : e instanceof NoSuchFileException ? "no such file"
        : e.getClass().getSimpleName();
    String message = e.getMessage();
    return message == null || message.isBlank() || e instanceof java.nio.file.FileSystemException
        ? type : type + ": " + message;
  }

  @Override
  public void close() {
    for (ZipArchive z : archives) {
      try {
        z.close();
      } catch (IOException e) {
        // read-only archive: nothing to lose
      }
    }
    archives.clear();
  }
}
