package dev.lightbox.service.auth;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits failed authentications per client key (a client address, a token id; any value with
 * equals and hashCode, so the hot path need not build a string): after {@code
 * limit} failures within one {@code window}, further requests from that key are refused until the
 * window that started with its first failure ends. Successful requests are not counted, so a
 * client with a valid token is never slowed down by this; a client guessing tokens gets {@code
 * limit} guesses per window. Memory is bounded: past {@link #MAX_KEYS} keys, expired windows are
 * dropped, and if none are, the table is cleared (fail open for the limiter, never for
 * authentication itself).
 */
public final class FailureLimiter {
  static final int MAX_KEYS = 100_000;

  /** 20 failures a minute per key. */
  public static final int DEFAULT_LIMIT = 20;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

  private static final class Window {
    final long startNanos;
    int failures;

    Window(long startNanos) {
      this.startNanos = startNanos;
    }
  }

  private final int limit;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final Map<Object, Window> windows = new ConcurrentHashMap<>();

  public FailureLimiter(int limit, Duration window) {
    this(limit, window, System::nanoTime);
  }

  FailureLimiter(int limit, Duration window, LongSupplier nanoTime) {
    if (limit < 1) {
      throw new IllegalArgumentException("the failed-authentication limit must be at least 1, got "
          + limit);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the failed-authentication window must be positive");
    }
    this.limit = limit;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
  }

  /** How long {@code key} is still refused, or empty when it may try. */
  public Optional<Duration> blocked(Object key) {
    Window w = windows.get(key);
    if (w == null) {
      return Optional.empty();
    }
    long now = nanoTime.getAsLong();
    long left;
    synchronized (w) {
      left = w.startNanos + windowNanos - now;
      if (left <= 0) {
        windows.remove(key, w);
        return Optional.empty();
      }
      if (w.failures < limit) {
        return Optional.empty();
      }
    }
    return Optional.of(Duration.ofNanos(left));
  }

  /** Counts one failure of {@code key}. */
  public void failed(Object key) {
    long now = nanoTime.getAsLong();
    if (windows.size() >= MAX_KEYS) {
      prune(now);
    }
    while (true) {
      Window w = windows.computeIfAbsent(key, k -> new Window(now));
      synchronized (w) {
        if (now - w.startNanos >= windowNanos) {
          windows.remove(key, w); // expired: start a new window
          continue;
        }
        w.failures++;
        return;
      }
    }
  }

  private void prune(long now) {
    for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
      if (now - it.next().startNanos >= windowNanos) {
        it.remove();
      }
    }
    if (windows.size() >= MAX_KEYS) {
      windows.clear();
    }
  }
}
