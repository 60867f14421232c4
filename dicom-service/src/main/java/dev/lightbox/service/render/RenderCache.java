package dev.lightbox.service.render;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded least-recently-used cache of rendered images keyed by (content SHA-256, frame,
 * parameters), bounded by the total size of the cached bytes. A rendered image depends only on
 * the stored bytes and the parameters, so an entry never goes stale; deleting or replacing an
 * instance changes the SHA-256 the next lookup uses. Thread-safe; a capacity of 0 disables it.
 */
public final class RenderCache {
  private final long capacityBytes;
  private final LinkedHashMap<String, Rendered> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long usedBytes;
  private long hits;
  private long misses;

  public RenderCache(long capacityBytes) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("render cache size must be >= 0, got " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
  }

  public synchronized Optional<Rendered> get(String key) {
    Rendered r = entries.get(key);
    if (r == null) {
      misses++;
    } else {
      hits++;
    }
    return Optional.ofNullable(r);
  }

  /** Adds {@code value} unless it alone is larger than the cache; evicts the oldest to fit. */
  public synchronized void put(String key, Rendered value) {
    long size = value.bytes().length;
    if (size > capacityBytes) {
      return;
    }
    Rendered old = entries.put(key, value);
    if (old != null) {
      usedBytes -= old.bytes().length;
    }
    usedBytes += size;
    Iterator<Map.Entry<String, Rendered>> it = entries.entrySet().iterator();
    while (usedBytes > capacityBytes && it.hasNext()) {
      Map.Entry<String, Rendered> eldest = it.next();
      usedBytes -= eldest.getValue().bytes().length;
      it.remove();
    }
  }

  public synchronized long usedBytes() {
    return usedBytes;
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }

  public long capacityBytes() {
    return capacityBytes;
  }
}
