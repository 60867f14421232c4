package dev.lightbox.http.dimse;

import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.part10.Part10Prefix;
import dev.lightbox.dicom.net.service.StorageProvider;
import dev.lightbox.dicom.net.service.StoreRequest;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Tenant;
import dev.lightbox.service.ingest.IngestOutcome;
import dev.lightbox.service.ingest.IngestService;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * C-STORE SCP storage through the same ingest as HTTP uploads and STOW-RS: the received data set,
 * behind a Part 10 head built from the command (PS3.10 §7.1), is streamed into {@link
 * IngestService#ingest} (spooled while hashed, parsed once, deduplicated, indexed), so validation,
 * dedupe and conflicts are those of every other transport. Outcomes become statuses in {@link
 * DimseStatuses}.
 */
public final class IngestStorage implements StorageProvider {
  private final IngestService ingest;
  private final PeerTenants tenants;

  /** @param tenants which tenant each calling peer stores into */
  public IngestStorage(IngestService ingest, PeerTenants tenants) {
    this.ingest = ingest;
    this.tenants = tenants;
  }

  @Override
  public Status store(StoreRequest request, InputStream dataset) throws IOException {
    byte[] head = Part10Prefix.bytes(request.sopClassUid(), request.sopInstanceUid(),
        request.transferSyntaxUid(), request.callingAeTitle());
    WatchedStream watched = new WatchedStream(dataset);
    try (InputStream body = new SequenceInputStream(new ByteArrayInputStream(head), watched)) {
      IngestOutcome outcome = ingest.ingest(tenants.of(request.callingAeTitle()), body, false);
      return DimseStatuses.stored(outcome);
    } catch (ServiceException e) {
      if (watched.failure != null) {
        // The association broke mid data set: ingest kept nothing (its spool is deleted and the
        // index row is written last); the SCP must see the network failure, not a status.
        throw watched.failure;
      }
      return DimseStatuses.storeFailure(e);
    }
  }

  /** Remembers the first exception the network stream threw. */
  private static final class WatchedStream extends FilterInputStream {
    IOException failure;

    WatchedStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        failure = failure == null ? e : failure;
        throw e;
      }
    }

    @Override
    public void close() {
      // The SCP owns the network stream.
    }
  }
}
