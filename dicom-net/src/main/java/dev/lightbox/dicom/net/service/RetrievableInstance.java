package dev.lightbox.dicom.net.service;

import java.io.IOException;
import java.io.InputStream;

/**
 * One instance to send by C-STORE (a C-MOVE or C-GET sub-operation, or an SCU send): its SOP class
 * and instance UIDs and the transfer syntax its stored bytes are in.
 */
public interface RetrievableInstance {
  String sopClassUid();

  String sopInstanceUid();

  String transferSyntaxUid();

  /**
   * Opens the data set, without File Meta Information, encoded in {@link #transferSyntaxUid()}.
   * The caller closes it. Called once per send, so it may stream from a blob store.
   */
  InputStream openDataset() throws IOException;

  /**
   * True when this instance can also be sent re-encoded in Explicit VR Little Endian (decoded when
   * compressed), the fallback for a peer that does not accept the stored syntax. Default: no.
   */
  default boolean canSendExplicitLittle() {
    return false;
  }

  /**
   * Opens the data set, without File Meta Information, in Explicit VR Little Endian. Only called
   * when {@link #canSendExplicitLittle()} is true; the caller closes it.
   */
  default InputStream openExplicitLittle() throws IOException {
    throw new UnsupportedOperationException("no Explicit VR Little Endian form of "
        + sopInstanceUid());
  }
}
