package dev.lightbox.service.retrieve;

import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.service.Failure;
import dev.lightbox.service.Failures;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The original files of a study (or of one of its series) as one ZIP archive, written as a stream:
 * one entry per instance, {@code StudyInstanceUID/SeriesInstanceUID/SOPInstanceUID.dcm}, each
 * copied from the blob store through a small buffer, so memory does not grow with file or study
 * size.
 *
 * <p>Entry names are UIDs, never patient names or IDs: names of files land in download folders,
 * shell histories and logs where the file contents would not, and UIDs are unique (no two
 * entries collide) and made of digits and dots only (no escaping, valid on every filesystem).
 *
 * <p>Entries are DEFLATED, not STORED: a STORED entry must carry its CRC-32 before its data, which
 * would need a first pass over every blob. Native pixel data is compressed at the fastest level
 * (level 1 roughly halves typical CT and MR files at a small CPU cost); pixel data already
 * compressed (JPEG, JPEG 2000, RLE, deflated syntaxes) is written at level 0, stored deflate
 * blocks that cost a copy and a checksum, because compressing it again saves nothing.
 */
public final class StudyArchive {
  private static final System.Logger LOG = System.getLogger(StudyArchive.class.getName());

  /** Opens the stored file of one instance from its first byte. */
  @FunctionalInterface
  interface Opener {
    InputStream open(StoredInstance instance) throws Exception;
  }

  /** Tells whether an instance whose blob could not be opened is still stored. */
  @FunctionalInterface
  interface StillStored {
    boolean test(StoredInstance instance) throws ServiceException;
  }

  private final String study;
  private final Optional<String> series;
  private final List<StoredInstance> instances;
  private final Opener opener;
  private final StillStored stillStored;

  StudyArchive(String study, Optional<String> series, List<StoredInstance> instances,
      Opener opener, StillStored stillStored) {
    this.study = Objects.requireNonNull(study, "study");
    this.series = Objects.requireNonNull(series, "series");
    this.instances = List.copyOf(instances);
    this.opener = opener;
    this.stillStored = stillStored;
  }

  /** The instances the archive holds, in storage order. */
  public List<StoredInstance> instances() {
    return instances;
  }

  /**
   * A file name for the whole archive: {@code StudyUID.zip} or {@code StudyUID_SeriesUID.zip}.
   * The UIDs were validated as UIDs (digits and dots), so the name needs no quoting.
   */
  public String fileName() {
    return safe(study) + series.map(s -> "_" + safe(s)).orElse("") + ".zip";
  }

  /** The name of {@code instance}'s entry: {@code StudyUID/SeriesUID/SOPInstanceUID.dcm}. */
  public static String entryName(StoredInstance instance) {
    return safe(instance.studyInstanceUid()) + "/" + safe(instance.seriesInstanceUid()) + "/"
        + safe(instance.sopInstanceUid()) + ".dcm";
  }

  /**
   * Writes the archive to {@code out} (not closed). An instance deleted after the listing was
   * taken is left out; any other failure to read a stored file ends the archive with that failure,
   * before its central directory, so a client can never take a truncated archive for a whole one.
   */
  public void writeTo(OutputStream out) throws ServiceException, IOException {
    ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
    byte[] buffer = new byte[64 * 1024];
    for (StoredInstance instance : instances) {
      InputStream in;
      try {
        in = opener.open(instance);
      } catch (Exception e) {
        ServiceException failure = Failures.translate(e);
        if (failure.failure() == Failure.INSTANCE_NOT_FOUND && !stillStored.test(instance)) {
          LOG.log(Level.INFO, "archive of study " + study + ": instance "
              + instance.sopInstanceUid() + " was deleted while the archive was written");
          continue;
        }
        throw failure;
      }
      try (in) {
        zip.setLevel(compressible(instance) ? Deflater.BEST_SPEED : Deflater.NO_COMPRESSION);
        ZipEntry entry = new ZipEntry(entryName(instance));
        entry.setLastModifiedTime(java.nio.file.attribute.FileTime.from(instance.created()));
        zip.putNextEntry(entry);
        long copied = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
          zip.write(buffer, 0, n);
          copied += n;
        }
        if (copied != instance.size()) {
          throw new ServiceException(Failure.INTERNAL, "stored file of instance "
              + instance.sopInstanceUid() + " has " + copied + " bytes, the index says "
              + instance.size());
        }
        zip.closeEntry();
      } catch (IOException e) {
        ServiceException failure = Failures.translate(e);
        if (failure.failure() == Failure.INTERNAL) {
          throw e; // the client went away, or the socket failed
        }
        throw failure;
      }
    }
    zip.finish();
  }

  /** True when the stored pixel data (if any) is native, so deflate pays. */
  private static boolean compressible(StoredInstance instance) {
    TransferSyntax ts = TransferSyntax.of(instance.transferSyntaxUid());
    return ts.nativePixels() && !ts.deflated();
  }

  /** A UID as a path segment: anything but letters, digits, dot and dash becomes {@code _}. */
  static String safe(String uid) {
    String s = uid.strip().replaceAll("[^0-9A-Za-z.-]", "_");
    return s.isEmpty() || s.equals(".") || s.equals("..") ? "_" : s;
  }

  /** Lets {@link ZipOutputStream#finish} run without closing the response stream under it. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
