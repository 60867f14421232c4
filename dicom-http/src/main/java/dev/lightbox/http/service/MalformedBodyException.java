package dev.lightbox.http.service;

import java.io.IOException;

/**
 * Thrown by a body stream whose framing is broken (e.g. a multipart part that never reaches its
 * boundary). Unlike other read failures, which mean the client stalled or left, this one is the
 * client's malformed request: {@link InstanceService#ingest} reports it as
 * {@link ServiceException.InvalidRequest}.
 */
public class MalformedBodyException extends IOException {
  public MalformedBodyException(String message) {
    super(message);
  }
}
