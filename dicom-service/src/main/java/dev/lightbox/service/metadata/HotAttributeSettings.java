package dev.lightbox.service.metadata;

import java.time.Duration;
import java.util.Objects;

/**
 * Size and freshness of the in-memory single-attribute answers ({@link HotAttributes}).
 *
 * @param capacityBytes most bytes the kept answers may take (answer bytes, tag-path and id keys,
 *     and a fixed overhead per entry); 0 disables keeping answers
 * @param ttl how long the answers of one instance are served from memory after the first of them
 *     was read from the index. This bounds how stale an answer can be when <em>another</em> node
 *     of a cluster deletes or replaces the instance (this node forgets its own deletes and
 *     replaces at once); after it, the next request reads the index again.
 */
public record HotAttributeSettings(long capacityBytes, Duration ttl) {
  /** 8 MiB: tens of thousands of typical answers (100–300 bytes each) on a 2 GB machine. */
  public static final long DEFAULT_CAPACITY_BYTES = 8L << 20;
  /**
   * 1 s: a hot instance costs one index read per second per node, invisible next to thousands of
   * answers a second, while a delete or replace on another node shows here within a second, the
   * same order as a read that raced the delete (docs/performance.md "Hot attribute reads").
   */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(1);
  public static final HotAttributeSettings DEFAULTS =
      new HotAttributeSettings(DEFAULT_CAPACITY_BYTES, DEFAULT_TTL);

  public HotAttributeSettings {
    Objects.requireNonNull(ttl, "ttl");
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("attribute cache size must be >= 0, got "
          + capacityBytes);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("attribute cache ttl must be positive, got " + ttl);
    }
  }

  public HotAttributeSettings withCapacityBytes(long bytes) {
    return new HotAttributeSettings(bytes, ttl);
  }
}
