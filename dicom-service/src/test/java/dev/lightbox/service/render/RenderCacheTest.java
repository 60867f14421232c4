package dev.lightbox.service.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RenderCacheTest {
  static Rendered image(int bytes) {
    return new Rendered(new byte[bytes], "image/png", 1, 1);
  }

  @Test
  void evictsLeastRecentlyUsedToStayWithinItsByteBudget() {
    RenderCache cache = new RenderCache(100);
    cache.put("a", image(40));
    cache.put("b", image(40));
    assertTrue(cache.get("a").isPresent()); // a is now the most recent
    cache.put("c", image(40));
    assertTrue(cache.get("b").isEmpty());
    assertTrue(cache.get("a").isPresent());
    assertTrue(cache.get("c").isPresent());
    assertEquals(80, cache.usedBytes());
  }

  @Test
  void ignoresEntriesLargerThanTheWholeCacheAndZeroDisablesIt() {
    RenderCache cache = new RenderCache(100);
    cache.put("big", image(101));
    assertEquals(0, cache.size());
    RenderCache off = new RenderCache(0);
    off.put("a", image(1));
    assertTrue(off.get("a").isEmpty());
  }
}
