package dev.lightbox.dicom.net;

import java.io.IOException;

/**
 * Handles one kind of DIMSE request on an association (the SCP side of a service, PS3.7 §9).
 * Called on the association's reader thread; a handler that takes long and must stay cancellable
 * (C-FIND, C-MOVE, C-GET) reads its data set and then continues with
 * {@link Association#runOperation}. A handler must never wait for a response on the reader
 * thread (only that thread reads responses): requests of its own go from an operation.
 */
@FunctionalInterface
public interface DimseService {
  /**
   * Handles {@code request}, sending its response(s) with {@link Association#send}. A data set
   * the handler does not read is drained by the association afterwards.
   *
   * @throws IOException when the association fails; the association is then aborted
   */
  void onRequest(Association association, IncomingMessage request) throws IOException;
}
