package dev.lightbox.dicom.net.testing;

import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.part10.Part10Prefix;
import dev.lightbox.dicom.net.service.StorageProvider;
import dev.lightbox.dicom.net.service.StoreRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test {@link StorageProvider} that writes each instance as a Part 10 file: File Meta
 * Information, then the data set as it streams in, to a temporary file moved into place only when
 * the stream ended normally. Records every request and every failed stream.
 */
public final class Part10Storage implements StorageProvider {
  private final Path dir;
  public final List<StoreRequest> requests = new CopyOnWriteArrayList<>();
  public final List<IOException> failedStreams = new CopyOnWriteArrayList<>();
  /** Files stored, in arrival order (several test files share a SOP Instance UID). */
  public final List<Path> stored = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger sequence =
      new java.util.concurrent.atomic.AtomicInteger();

  public Part10Storage(Path dir) {
    this.dir = dir;
  }

  /** Temporary files left behind (there must be none). */
  public List<Path> leftovers() throws IOException {
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".part")).toList();
    }
  }

  @Override
  public Status store(StoreRequest request, InputStream dataset) throws IOException {
    requests.add(request);
    int n = sequence.incrementAndGet();
    Path temp = dir.resolve(n + "-" + request.sopInstanceUid() + ".part");
    try (OutputStream out = Files.newOutputStream(temp)) {
      Part10Prefix.write(out, request.sopClassUid(), request.sopInstanceUid(),
          request.transferSyntaxUid(), request.callingAeTitle());
      dataset.transferTo(out);
    } catch (IOException e) {
      failedStreams.add(e);
      Files.deleteIfExists(temp);
      throw e;
    }
    Path done = dir.resolve(n + "-" + request.sopInstanceUid() + ".dcm");
    Files.move(temp, done, StandardCopyOption.ATOMIC_MOVE);
    stored.add(done);
    return Status.OK;
  }
}
