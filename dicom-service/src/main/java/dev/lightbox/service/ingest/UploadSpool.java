package dev.lightbox.service.ingest;

import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.validate.StreamingValidator;
import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;
import dev.lightbox.storage.blob.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Streams an upload body into a temporary file while hashing it and checking its whole DICOM
 * structure ({@link StreamingValidator}, fed the same buffers: no second pass over the bytes),
 * never holding the whole body in memory, and stops as soon as the size limit is passed so an
 * oversized body is never fully stored. A body the validator refuses is read to its end (so that
 * the next part of a multipart body or the next request on the connection starts where it should)
 * but neither hashed nor written, and its spool file is deleted before the refusal is thrown.
 */
final class UploadSpool {
  private static final int BUFFER = 64 * 1024;

  private UploadSpool() {}

  /** The spooled file, its size and SHA-256 (lowercase hex). The caller deletes the file. */
  record Spooled(Path file, long size, String sha256) {}

  /**
   * @throws DicomParseException the validator's refusal (the body was read to its end; nothing of
   *     it is kept)
   */
  static Spooled spool(InputStream body, Path tempDir, long maxBytes,
      StreamingValidator validator, IngestTimes times, boolean sync)
      throws IOException, ServiceException {
    return spool(body, tempDir, maxBytes, validator, times, sync, refusedFile -> {});
  }

  /**
   * As above; {@code onRefusal} sees the spooled prefix of a body the validator refused (every
   * byte up to the refusal) before it is deleted, so the caller can still name the instance its
   * header declares (STOW-RS Failed SOP Sequence, PS3.18 Annex I).
   */
  static Spooled spool(InputStream body, Path tempDir, long maxBytes,
      StreamingValidator validator, IngestTimes times, boolean sync,
      java.util.function.Consumer<Path> onRefusal)
      throws IOException, ServiceException {
    MessageDigest sha = Sha256.newDigest();
    Path file = Files.createTempFile(tempDir, "upload-", ".part");
    boolean ok = false;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        OutputStream out = Channels.newOutputStream(channel)) {
      byte[] buf = new byte[BUFFER];
      long total = 0;
      DicomParseException refused = null;
      long t0 = System.nanoTime();
      for (int n; (n = readBody(body, buf)) != -1; ) {
        long t1 = System.nanoTime();
        times.add(IngestTimes.Phase.RECEIVE, t1 - t0);
        total += n;
        if (total > maxBytes) {
          throw ServiceException.uploadTooLarge(maxBytes);
        }
        if (refused != null) {
          t0 = System.nanoTime();
          continue;
        }
        try {
          validator.update(buf, 0, n);
        } catch (DicomParseException e) {
          refused = e;
        }
        long t2 = System.nanoTime();
        sha.update(buf, 0, n);
        long t3 = System.nanoTime();
        out.write(buf, 0, n);
        t0 = System.nanoTime();
        times.add(IngestTimes.Phase.VALIDATE, t2 - t1);
        times.add(IngestTimes.Phase.HASH, t3 - t2);
        times.add(IngestTimes.Phase.WRITE, t0 - t3);
      }
      long finishStart = System.nanoTime();
      if (refused == null) {
        try {
          validator.finish();
        } catch (DicomParseException e) {
          refused = e;
        }
      }
      times.add(IngestTimes.Phase.VALIDATE, System.nanoTime() - finishStart);
      if (refused != null) {
        out.flush();
        if (refused.reason() != DicomParseException.Reason.NOT_DICOM) {
          onRefusal.accept(file);
        }
        throw refused;
      }
      long t2 = System.nanoTime();
      if (sync) {
        channel.force(true);
        times.add(IngestTimes.Phase.FSYNC, System.nanoTime() - t2);
      }
      ok = true;
      return new Spooled(file, total, Sha256.hex(sha));
    } finally {
      if (!ok) {
        Files.deleteIfExists(file);
      }
    }
  }

  /**
   * Deletes spool files ({@code upload-*.part}, {@code render-*.dcm}) that a previous process left
   * behind when it was killed mid-request: nothing else removes them, and each can be as large as
   * an upload. Called once at start-up, before any request; a data directory belongs to one server
   * process. Returns how many were removed.
   */
  static int removeLeftovers(Path tempDir) throws IOException {
    int removed = 0;
    try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(tempDir,
        "{upload-*.part,render-*.dcm}")) {
      for (Path file : files) {
        if (Files.deleteIfExists(file)) {
          removed++;
        }
      }
    }
    return removed;
  }

  /**
   * Fills {@code buf} (or reads to the end of the body): a transport hands over whatever one
   * network read brought, often a few KiB; whole buffers mean one validator, digest and write call
   * per 64 KiB, and a first slice long enough for the validator to decide the file's start where
   * it lies, without copying it. Returns -1 at the end of the body.
   */
  private static int readBody(InputStream body, byte[] buf) throws ServiceException {
    try {
      int filled = 0;
      while (filled < buf.length) {
        int n = body.read(buf, filled, buf.length - filled);
        if (n < 0) {
          break;
        }
        filled += n;
      }
      return filled == 0 ? -1 : filled;
    } catch (MalformedBodyException e) {
      throw new ServiceException(Failure.MALFORMED_BODY, e.getMessage(), e);
    } catch (IOException e) {
      // The client stalled past the read timeout or went away: its request, not our storage.
      throw new ServiceException(Failure.BODY_INCOMPLETE,
          "the request body could not be read completely: " + e.getMessage(), e);
    }
  }

}
