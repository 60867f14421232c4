package dev.lightbox.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureLimiterTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final FailureLimiter limiter = new FailureLimiter(3, Duration.ofSeconds(60),
      nanos::get);

  @Test
  void theLimitBlocksUntilTheWindowThatStartedWithTheFirstFailureEnds() {
    limiter.failed("a");
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    limiter.failed("a");
    assertEquals(Optional.empty(), limiter.blocked("a"), "two failures: still allowed");
    limiter.failed("a");
    assertEquals(Optional.of(Duration.ofSeconds(50)), limiter.blocked("a"));
    assertEquals(Optional.empty(), limiter.blocked("b"), "other clients are not affected");
    nanos.addAndGet(Duration.ofSeconds(50).toNanos());
    assertEquals(Optional.empty(), limiter.blocked("a"), "the window ended");
    limiter.failed("a");
    assertTrue(limiter.blocked("a").isEmpty(), "a new window counts from zero");
  }
}
