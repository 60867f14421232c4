package dev.lightbox.http.dimse;

import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.net.Uids;
import dev.lightbox.dicom.net.part10.Part10Instance;
import dev.lightbox.dicom.net.service.RetrievableInstance;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.retrieve.RetrieveService;
import dev.lightbox.service.retrieve.StoredFile;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stored instance to send by C-STORE: its data set read from the blob store after the File Meta
 * Information (as stored), or re-encoded in Explicit VR Little Endian by the service's transcoder
 * when the peer does not accept the stored syntax (spooled to a temporary file, so large instances
 * are never held in memory whole, except decoded pixel data within the transcoder's limit).
 */
public final class StoredRetrievable implements RetrievableInstance {
  private final RetrieveService retrieve;
  private final StoredFile file;

  private StoredRetrievable(RetrieveService retrieve, StoredFile file) {
    this.retrieve = retrieve;
    this.file = file;
  }

  public static StoredRetrievable of(RetrieveService retrieve, StoredFile file) {
    return new StoredRetrievable(retrieve, file);
  }

  public StoredInstance instance() {
    return file.instance();
  }

  @Override
  public String sopClassUid() {
    return file.instance().sopClassUid();
  }

  @Override
  public String sopInstanceUid() {
    return file.instance().sopInstanceUid();
  }

  @Override
  public String transferSyntaxUid() {
    return file.instance().transferSyntaxUid();
  }

  @Override
  public InputStream openDataset() throws IOException {
    long offset;
    try (InputStream head = file.opener().open(0, file.size())) {
      // Stop before the first data set element: only the File Meta Information is read.
      offset = DicomReader.read(head, ReadOptions.defaults().withStopBeforeTag(0x00000001))
          .datasetOffset();
    }
    return file.opener().open(offset, file.size() - offset);
  }

  @Override
  public boolean canSendExplicitLittle() {
    return retrieve.canSendAs(file.instance(), Uids.EXPLICIT_VR_LITTLE_ENDIAN);
  }

  @Override
  public InputStream openExplicitLittle() throws IOException {
    Path spool = Files.createTempFile("lightbox-send-", ".dcm");
    try {
      try (OutputStream out = Files.newOutputStream(spool)) {
        retrieve.writeAs(file.instance(), Uids.EXPLICIT_VR_LITTLE_ENDIAN, out);
      }
      InputStream data = Part10Instance.open(spool).openDataset();
      return new FilterInputStream(data) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            Files.deleteIfExists(spool);
          }
        }
      };
    } catch (ServiceException e) {
      Files.deleteIfExists(spool);
      throw new IOException("cannot re-encode " + sopInstanceUid() + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(spool);
      throw e;
    }
  }
}
