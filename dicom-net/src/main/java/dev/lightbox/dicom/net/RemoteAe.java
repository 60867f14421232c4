package dev.lightbox.dicom.net;

import java.util.Objects;

/** A peer application entity: its AE title and where it listens. */
public record RemoteAe(String aeTitle, String host, int port) {
  public RemoteAe {
    AeTitles.requireValid(aeTitle);
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }
}
