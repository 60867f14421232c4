package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.DimseService;
import dev.lightbox.dicom.net.IncomingMessage;
import dev.lightbox.dicom.net.dimse.CommandTag;
import dev.lightbox.dicom.net.dimse.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * Storage SOP class SCP (PS3.4 Annex B): streams each C-STORE data set to a {@link
 * StorageProvider} and answers with the status it returns. The provider's failures become a
 * failure status; failures of the stream itself (abort, stall, protocol error) end the association.
 */
public final class StoreScp implements DimseService {
  private final StorageProvider provider;

  public StoreScp(StorageProvider provider) {
    this.provider = provider;
  }

  @Override
  public void onRequest(Association association, IncomingMessage request) throws IOException {
    String sopClass = request.command().affectedSopClassUid();
    String sopInstance = request.command().affectedSopInstanceUid();
    if (!request.command().hasDataSet()) {
      association.respond(request, Status.of(Status.CANNOT_UNDERSTAND,
          "C-STORE-RQ without a data set"));
      return;
    }
    if (!sopClass.equals(request.context().abstractSyntax())) {
      drain(request.data());
      association.respond(request, Status.of(Status.DATASET_DOES_NOT_MATCH_SOP_CLASS,
          "Affected SOP Class " + sopClass + " is not the context's "
              + request.context().abstractSyntax()));
      return;
    }
    if (sopInstance.isEmpty()) {
      drain(request.data());
      association.respond(request, Status.of(Status.CANNOT_UNDERSTAND,
          "C-STORE-RQ without Affected SOP Instance UID"));
      return;
    }
    StoreRequest store = new StoreRequest(association.remoteAeTitle(),
        association.localAeTitle(), sopClass, sopInstance,
        request.context().transferSyntax(),
        request.command().string(CommandTag.MOVE_ORIGINATOR_AE_TITLE).orElse(""),
        request.command().us(CommandTag.MOVE_ORIGINATOR_MESSAGE_ID).orElse(0));
    Status status;
    try {
      status = provider.store(store, request.data());
    } catch (IOException e) {
      drain(request.data()); // rethrows when the stream itself failed
      status = Status.of(Status.OUT_OF_RESOURCES, "storage failed: " + e.getMessage());
    } catch (RuntimeException e) {
      drain(request.data());
      status = Status.of(Status.PROCESSING_FAILURE, "storage failed: " + e);
    }
    drain(request.data());
    association.respond(request, status != null ? status
        : Status.of(Status.PROCESSING_FAILURE, "storage provider returned no status"));
  }

  private static void drain(InputStream data) throws IOException {
    data.transferTo(OutputStreamSink.INSTANCE);
  }

  /** Discards bytes; a tiny sink so draining allocates nothing per call. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {
      // discarded
    }

    @Override
    public void write(byte[] b, int off, int len) {
      // discarded
    }
  }
}
