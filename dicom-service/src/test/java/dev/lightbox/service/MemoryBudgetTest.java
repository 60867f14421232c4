package dev.lightbox.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one heap budget: refuse what can never fit, queue what fits, give back exactly once. */
class MemoryBudgetTest {
  static final long MIB = 1 << 20;

  @Test
  void aShareLargerThanTheBudgetIsALimitNamingBothSizes() {
    MemoryBudget budget = new MemoryBudget(100 * MIB, Duration.ofMillis(10));
    ServiceException e = assertThrows(ServiceException.class,
        () -> budget.acquire(101 * MIB, "answering"));
    assertEquals(Failure.LIMIT_EXCEEDED, e.failure());
    assertTrue(e.getMessage().contains("101 MiB") && e.getMessage().contains("100 MiB"),
        e.getMessage());
  }

  @Test
  void aLeaseClosedTwiceIsReturnedOnce() throws Exception {
    MemoryBudget budget = new MemoryBudget(100 * MIB, Duration.ofMillis(10));
    MemoryBudget.Lease lease = budget.acquire(60 * MIB, "x");
    lease.close();
    lease.close();
    assertEquals(100 * MIB, budget.availableBytes());
    try (MemoryBudget.Lease a = budget.acquire(60 * MIB, "a")) {
      ServiceException busy = assertThrows(ServiceException.class,
          () -> budget.acquire(60 * MIB, "b"));
      assertEquals(Failure.BUSY, busy.failure());
    }
  }
}
