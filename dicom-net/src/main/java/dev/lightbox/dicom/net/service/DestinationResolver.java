package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.net.RemoteAe;
import java.util.Optional;

/** Where a C-MOVE destination AE title listens; empty means unknown (answered A801, PS3.4 C.4.2). */
@FunctionalInterface
public interface DestinationResolver {
  Optional<RemoteAe> resolve(String aeTitle);

  /**
   * Where {@code aeTitle} listens as a destination of a C-MOVE requested by {@code callingAeTitle}:
   * a server that partitions its data by requestor (tenants) refuses destinations of another
   * partition here, as unknown (A801). By default the requestor does not matter.
   */
  default Optional<RemoteAe> resolve(String callingAeTitle, String aeTitle) {
    return resolve(aeTitle);
  }
}
