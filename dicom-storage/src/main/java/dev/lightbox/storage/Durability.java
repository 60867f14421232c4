package dev.lightbox.storage;

/**
 * How hard the embedded stores work to keep acknowledged writes.
 *
 * <p>{@link #FULL} (the default) fsyncs every blob, its directory entries and every index commit,
 * so an acknowledged upload survives a power loss or kernel crash. {@link #RELAXED} leaves the
 * writes in the operating system's page cache: still atomic (temp file + rename, one index
 * transaction) and safe against a crash of the Lightbox process itself (SIGKILL), but the last
 * seconds of uploads may be lost if the machine loses power. It exists for development machines,
 * throw-away caches and benchmarks against servers that do not fsync; the choice is the operator's
 * (docs/storage.md).
 */
public enum Durability {
  FULL,
  RELAXED;

  public boolean fsync() {
    return this == FULL;
  }
}
