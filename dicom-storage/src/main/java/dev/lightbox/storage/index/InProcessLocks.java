package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Exclusive work for the embedded index: one permit per (database, lock name) in this JVM, shared
 * by every index opened on the same file. A semaphore rather than a reentrant lock, so a nested
 * attempt by the same thread is refused like any other.
 */
final class InProcessLocks implements ExclusiveLocks {

  private static final ConcurrentMap<String, Semaphore> LOCKS = new ConcurrentHashMap<>();
  private final String database;

  InProcessLocks(String database) {
    this.database = database;
  }

  @Override
  public <T> Optional<T> tryRun(String lockName, InstanceIndex.ExclusiveWork<T> work) throws StorageException {
    Semaphore s = LOCKS.computeIfAbsent(database + "\u0000" + lockName, k -> new Semaphore(1));
    if (!s.tryAcquire()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Objects.requireNonNull(work.run(), "exclusive work returned null"));
    } finally {
      s.release();
    }
  }
}
