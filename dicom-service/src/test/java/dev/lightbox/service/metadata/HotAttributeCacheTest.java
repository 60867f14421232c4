package dev.lightbox.service.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Bounds, expiry and the forget/fill race of the kept single-attribute answers. */
class HotAttributeCacheTest {
  private final AtomicLong now = new AtomicLong(1_000);

  private HotAttributeCache cache(long capacity, Duration ttl) {
    return new HotAttributeCache(new HotAttributeSettings(capacity, ttl), now::get);
  }

  private static long cost(String id, String path, int answerBytes) {
    return answerBytes + 2L * path.length() + HotAttributeCache.ENTRY_OVERHEAD
        + 2L * id.length() + HotAttributeCache.INSTANCE_OVERHEAD;
  }

  @Test
  void keptAnswersExpireTogetherAfterTheTtlOfTheirInstance() {
    HotAttributeCache c = cache(1 << 20, Duration.ofNanos(500));
    c.put("1.2", "PatientName", new byte[] {1}, c.generation());
    now.addAndGet(400);
    c.put("1.2", "Rows", new byte[] {2}, c.generation());
    assertArrayEquals(new byte[] {1}, c.get("1.2", "PatientName"));
    now.addAndGet(100); // 500 ns after the first answer: the whole instance is stale
    assertNull(c.get("1.2", "Rows"));
    assertNull(c.get("1.2", "PatientName"));
    assertEquals(0, c.usedBytes());
  }

  @Test
  void leastRecentlyUsedInstancesLeaveWhenTheBytesRunOut() {
    long one = cost("1.1", "Rows", 100);
    HotAttributeCache c = cache(2 * one, Duration.ofHours(1));
    c.put("1.1", "Rows", new byte[100], c.generation());
    c.put("1.2", "Rows", new byte[100], c.generation());
    c.get("1.1", "Rows"); // 1.2 is now the least recently used
    c.put("1.3", "Rows", new byte[100], c.generation());
    assertEquals(100, c.get("1.1", "Rows").length);
    assertNull(c.get("1.2", "Rows"));
    assertEquals(100, c.get("1.3", "Rows").length);
    assertEquals(2 * one, c.usedBytes());
  }

  @Test
  void aFillThatRacedAForgetIsNotKept() {
    HotAttributeCache c = cache(1 << 20, Duration.ofHours(1));
    long before = c.generation(); // a request reads the index here ...
    c.forget("1.2"); // ... the instance is deleted meanwhile ...
    c.put("1.2", "Rows", new byte[] {1}, before); // ... and its answer arrives late
    assertNull(c.get("1.2", "Rows"));
    c.put("1.2", "Rows", new byte[] {2}, c.generation());
    c.forget("1.2");
    assertNull(c.get("1.2", "Rows"));
    assertEquals(0, c.usedBytes());
  }

  @Test
  void oversizedAnswersAndAZeroCapacityKeepNothing() {
    HotAttributeCache c = cache(1 << 20, Duration.ofHours(1));
    c.put("1.2", "BeamSequence", new byte[HotAttributeCache.MAX_ANSWER_BYTES + 1], c.generation());
    assertNull(c.get("1.2", "BeamSequence"));
    HotAttributeCache off = cache(0, Duration.ofHours(1));
    off.put("1.2", "Rows", new byte[] {1}, off.generation());
    assertNull(off.get("1.2", "Rows"));
    assertEquals(0, off.usedBytes());
  }

  @Test
  void replacingAnAnswerKeepsTheByteCountExact() {
    HotAttributeCache c = cache(1 << 20, Duration.ofHours(1));
    c.put("1.2", "Rows", new byte[10], c.generation());
    c.put("1.2", "Rows", new byte[30], c.generation());
    assertEquals(cost("1.2", "Rows", 30), c.usedBytes());
  }
}
