package dev.lightbox.service.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.pixel.PixelDataException;
import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Heap admission for renders: refuse what can never fit, queue what fits, time out when full. */
class RenderBudgetTest {
  static final long MIB = 1 << 20;

  @Test
  void aFrameLargerThanTheWholeBudgetIsALimitNamingBothNumbers() {
    RenderBudget budget = new RenderBudget(120 * MIB, Duration.ofMillis(10));
    long samples = 11 * MIB; // 11 Mi samples × 12 bytes = 132 MiB > 120 MiB
    PixelDataException e = assertThrows(PixelDataException.class, () -> budget.acquire(samples));
    assertEquals(PixelDataException.Reason.LIMIT_EXCEEDED, e.reason());
    assertTrue(e.getMessage().contains("132 MiB") && e.getMessage().contains("120 MiB"),
        e.getMessage());
  }

  @Test
  void rendersThatFitShareTheBudgetAndWaitForEachOther() throws Exception {
    RenderBudget budget = new RenderBudget(120 * MIB, Duration.ofMillis(50));
    long samples = 6 * MIB; // 72 MiB each: one at a time
    try (RenderBudget.Lease first = budget.acquire(samples)) {
      long t0 = System.nanoTime();
      ServiceException busy = assertThrows(ServiceException.class, () -> budget.acquire(samples));
      assertEquals(Failure.BUSY, busy.failure());
      assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(40).toNanos());
      budget.acquire(samples / 3).close(); // 24 MiB still fits beside the first
    }
    budget.acquire(samples).close(); // released: fits again
  }
}
