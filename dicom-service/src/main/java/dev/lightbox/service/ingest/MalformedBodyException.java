package dev.lightbox.service.ingest;

import java.io.IOException;

/**
 * Thrown by a body stream whose framing is broken (e.g. a multipart part that never reaches its
 * boundary). Unlike other read failures, which mean the client stalled or left, this one is the
 * client's malformed request: ingest reports it as {@link
 * dev.lightbox.service.Failure#MALFORMED_BODY}.
 */
public class MalformedBodyException extends IOException {
  public MalformedBodyException(String message) {
    super(message);
  }
}
