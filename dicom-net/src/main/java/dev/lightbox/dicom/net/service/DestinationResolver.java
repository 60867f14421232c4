package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.net.RemoteAe;
import java.util.Optional;

/** Where a C-MOVE destination AE title listens; empty means unknown (answered A801, PS3.4 C.4.2). */
@FunctionalInterface
public interface DestinationResolver {
  Optional<RemoteAe> resolve(String aeTitle);
}
