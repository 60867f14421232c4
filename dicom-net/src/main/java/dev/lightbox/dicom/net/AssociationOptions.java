package dev.lightbox.dicom.net;

import java.time.Duration;

/**
 * Limits and timers of one association, for either role.
 *
 * @param maxReceivePduLength the Maximum Length Received announced to the peer (PS3.8 §D.1) and
 *     enforced on every P-DATA-TF it sends
 * @param maxSendPduLength upper bound on P-DATA-TF PDUs this end sends, also when the peer
 *     announces 0 (unlimited) or more
 * @param maxAssociatePduLength the largest A-ASSOCIATE-RQ/AC accepted
 * @param maxCommandLength the largest command set accepted (a command is a few hundred bytes)
 * @param maxIdentifierLength the largest identifier (C-FIND keys and matches) accepted in memory
 * @param artimTimeout the ARTIM timer (PS3.8 §9.1.5): waiting for A-ASSOCIATE-RQ after connect,
 *     for the AC/RJ after sending the RQ, for A-RELEASE-RP, and for the peer to close after a
 *     reject, release or abort
 * @param readTimeout the longest silence inside a message (a stalled peer) before aborting, and
 *     the longest a write may block on a peer that does not read
 * @param idleTimeout the longest an established association may carry no operation
 * @param connectTimeout TCP connect timeout for the requestor
 */
public record AssociationOptions(int maxReceivePduLength, int maxSendPduLength,
    int maxAssociatePduLength, int maxCommandLength, int maxIdentifierLength,
    Duration artimTimeout, Duration readTimeout, Duration idleTimeout, Duration connectTimeout) {

  public AssociationOptions {
    if (maxReceivePduLength < 1024 || maxSendPduLength < 1024) {
      throw new IllegalArgumentException("PDU lengths must be at least 1024");
    }
  }

  /** 256 KiB PDUs, 30 s ARTIM and read timeout, 5 min idle, 10 s connect. */
  public static AssociationOptions defaults() {
    return new AssociationOptions(256 * 1024, 256 * 1024, 1024 * 1024, 64 * 1024,
        4 * 1024 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5),
        Duration.ofSeconds(10));
  }

  public AssociationOptions withTimeouts(Duration artim, Duration read, Duration idle) {
    return new AssociationOptions(maxReceivePduLength, maxSendPduLength, maxAssociatePduLength,
        maxCommandLength, maxIdentifierLength, artim, read, idle, connectTimeout);
  }

  public AssociationOptions withPduLengths(int receive, int send) {
    return new AssociationOptions(receive, send, maxAssociatePduLength, maxCommandLength,
        maxIdentifierLength, artimTimeout, readTimeout, idleTimeout, connectTimeout);
  }
}
