package dev.lightbox.service.metadata;

import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;

/** Where the stored metadata document of an instance comes from (the index, in the server). */
@FunctionalInterface
public interface MetadataSource {
  /** The stored form written by {@link MetadataDocument#build} for {@code instance}. */
  String document(StoredInstance instance) throws ServiceException;
}
