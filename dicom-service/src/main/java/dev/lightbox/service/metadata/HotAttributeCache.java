package dev.lightbox.service.metadata;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Encoded single-attribute answers by instance id and tag-path text: bounded in bytes, least
 * recently used instance out first, each instance's answers dropped together when its time to live
 * ends or when it is {@linkplain #forget forgotten} (deleted or replaced here).
 *
 * <p>A lookup is a hash probe under one short lock and never does I/O, so it may run on an HTTP
 * event-loop thread. A fill that raced a {@link #forget} is refused: {@link #generation()} is read
 * before the index read that produced the answer and must be unchanged at {@link #put}, so an
 * answer computed from a row that was deleted meanwhile is never kept.
 */
final class HotAttributeCache {
  /** Answers longer than this are not kept: a few would evict thousands of ordinary ones. */
  static final int MAX_ANSWER_BYTES = 64 * 1024;
  /** Heap per kept answer beyond its bytes and key: array and string headers, map node. */
  static final int ENTRY_OVERHEAD = 96;
  /** Heap per instance beyond its id: the answer map and its LRU node. */
  static final int INSTANCE_OVERHEAD = 160;

  private static final class Answers {
    final long expiresAt;
    final Map<String, byte[]> byPath = new HashMap<>(8);
    long bytes;

    Answers(long expiresAt, long bytes) {
      this.expiresAt = expiresAt;
      this.bytes = bytes;
    }
  }

  private final long capacityBytes;
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final LinkedHashMap<String, Answers> byId = new LinkedHashMap<>(64, 0.75f, true);
  private long usedBytes;
  private long generation;

  HotAttributeCache(HotAttributeSettings settings, LongSupplier nanoClock) {
    this.capacityBytes = settings.capacityBytes();
    this.ttlNanos = settings.ttl().toNanos();
    this.nanoClock = nanoClock;
  }

  /** Changes with every {@link #forget}; read it before the index read that fills an entry. */
  synchronized long generation() {
    return generation;
  }

  /** The kept answer, or null when absent or expired. */
  synchronized byte[] get(String id, String path) {
    Answers a = byId.get(id);
    if (a == null) {
      return null;
    }
    if (nanoClock.getAsLong() - a.expiresAt >= 0) {
      drop(id, a);
      return null;
    }
    return a.byPath.get(path);
  }

  /**
   * Keeps {@code answer} unless a {@link #forget} happened since {@code generationBefore}, it is
   * too large, or the cache is disabled; evicts least recently used instances to make room.
   */
  synchronized void put(String id, String path, byte[] answer, long generationBefore) {
    if (generationBefore != generation || answer.length > MAX_ANSWER_BYTES) {
      return;
    }
    long cost = answer.length + 2L * path.length() + ENTRY_OVERHEAD;
    long instanceCost = 2L * id.length() + INSTANCE_OVERHEAD;
    if (cost + instanceCost > capacityBytes) {
      return;
    }
    long now = nanoClock.getAsLong();
    Answers a = byId.get(id);
    if (a != null && now - a.expiresAt >= 0) {
      drop(id, a);
      a = null;
    }
    if (a == null) {
      a = new Answers(now + ttlNanos, instanceCost);
      byId.put(id, a);
      usedBytes += instanceCost;
    }
    byte[] old = a.byPath.put(path, answer);
    if (old != null) {
      long oldCost = old.length + 2L * path.length() + ENTRY_OVERHEAD;
      a.bytes -= oldCost;
      usedBytes -= oldCost;
    }
    a.bytes += cost;
    usedBytes += cost;
    Iterator<Map.Entry<String, Answers>> it = byId.entrySet().iterator();
    while (usedBytes > capacityBytes && it.hasNext()) {
      Map.Entry<String, Answers> e = it.next();
      if (e.getValue() == a) {
        continue; // the instance just filled is the most recently used; never evict it here
      }
      usedBytes -= e.getValue().bytes;
      it.remove();
    }
  }

  /** Drops every answer of {@code id} and refuses fills that started before this call. */
  synchronized void forget(String id) {
    generation++;
    Answers a = byId.get(id);
    if (a != null) {
      drop(id, a);
    }
  }

  synchronized long usedBytes() {
    return usedBytes;
  }

  private void drop(String id, Answers a) {
    byId.remove(id);
    usedBytes -= a.bytes;
  }
}
