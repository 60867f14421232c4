package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.net.dimse.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where a C-STORE SCP puts what it receives (PS3.4 Annex B). The server implements this with its
 * ingest service; {@link dev.lightbox.dicom.net.part10.Part10Prefix} writes the Part 10 head
 * to put before the data set.
 *
 * <p>Contract: {@code dataset} is the data set only (no File Meta Information), in {@link
 * StoreRequest#transferSyntaxUid()}, streamed from the network as it arrives and never held whole.
 * It ends at the end of the data set. If the peer aborts, stalls or breaks the protocol, reads throw
 * {@link dev.lightbox.dicom.net.AssociationAbortedException} (or another {@link IOException}):
 * the implementation must then keep nothing (write to a temporary place, commit after end of
 * stream) and let the exception propagate. Called on the association's reader thread; calls for
 * different associations run concurrently.
 *
 * <p>Return a status of PS3.4 B.2.3: {@link Status#OK}, a warning (B000, B006, B007) or a failure
 * (A7xx out of resources, A9xx data set does not match SOP class, Cxxx cannot understand). An
 * {@link IOException} not caused by the stream is answered A700 (out of resources), a runtime
 * exception 0110 (processing failure).
 */
@FunctionalInterface
public interface StorageProvider {
  Status store(StoreRequest request, InputStream dataset) throws IOException;
}
