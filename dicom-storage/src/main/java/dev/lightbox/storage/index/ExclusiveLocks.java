package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import java.util.Optional;

/** How an index implements {@link InstanceIndex#tryExclusive}. */
interface ExclusiveLocks {

  <T> Optional<T> tryRun(String lockName, InstanceIndex.ExclusiveWork<T> work) throws StorageException;
}
