package dev.lightbox.service;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Whether the index and the blob store can serve requests now, for readiness probes. Orchestrators
 * and load balancers probe every few seconds from many places at once, so a probe must be cheap
 * and bounded in time: each store is checked at most once per {@code maxAge} (every caller in
 * between gets the last result), an answer takes at most {@code timeout}, and a check that hangs
 * (a database that accepts connections but never answers) is waited on by the next probes instead
 * of being started again, so at most one check per store is ever running.
 */
public final class Readiness implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Readiness.class.getName());

  /** One store's check: returns when the store serves requests, throws otherwise. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  /**
   * The result of one probe round.
   *
   * @param down one failure per store that is not serving, each naming its {@link
   *     ServiceException#store()}; empty when both are
   */
  public record Report(List<ServiceException> down) {
    public Report {
      down = List.copyOf(down);
    }

    public boolean ready() {
      return down.isEmpty();
    }
  }

  private final Map<Store, Check> checks;
  private final Duration timeout;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final ExecutorService runner;
  private final Map<Store, Future<?>> running = new EnumMap<>(Store.class);
  private Report last;
  private long lastAt;

  /**
   * @param checks the check of each store, run in parallel
   * @param timeout longest a probe waits for the checks
   * @param maxAge a result younger than this is answered again without checking
   */
  public Readiness(Map<Store, Check> checks, Duration timeout, Duration maxAge) {
    this(checks, timeout, maxAge, System::nanoTime);
  }

  Readiness(Map<Store, Check> checks, Duration timeout, Duration maxAge, LongSupplier nanoTime) {
    this.checks = new EnumMap<>(checks);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = nanoTime;
    this.runner = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "lightbox-readiness");
      t.setDaemon(true);
      return t;
    });
  }

  /** The current report: the cached one while it is fresh, else a new round of checks. */
  public synchronized Report current() {
    long now = nanoTime.getAsLong();
    if (last != null && now - lastAt < maxAgeNanos) {
      return last;
    }
    for (Map.Entry<Store, Check> c : checks.entrySet()) {
      Future<?> f = running.get(c.getKey());
      if (f == null || f.isDone()) {
        Check check = c.getValue();
        running.put(c.getKey(), runner.submit(() -> {
          check.run();
          return null;
        }));
      }
    }
    long deadline = now + timeout.toNanos();
    List<ServiceException> down = new ArrayList<>();
    for (Map.Entry<Store, Future<?>> r : running.entrySet()) {
      Store store = r.getKey();
      try {
        r.getValue().get(Math.max(0, deadline - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        down.add(ServiceException.storeUnavailable(store, "the " + store.label()
            + " did not answer within " + timeout.toMillis() + " ms", e));
      } catch (ExecutionException e) {
        down.add(ServiceException.storeUnavailable(store, "the " + store.label()
            + " cannot serve requests", e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        down.add(ServiceException.storeUnavailable(store, "the readiness check of the "
            + store.label() + " was interrupted", e));
      }
    }
    Report report = new Report(down);
    logChange(last, report);
    last = report;
    lastAt = nanoTime.getAsLong();
    return report;
  }

  /** Logs when a store goes down or comes back (not every probe: they come every few seconds). */
  private static void logChange(Report before, Report now) {
    List<Store> was = before == null ? List.of() : stores(before);
    List<Store> is = stores(now);
    for (ServiceException e : now.down()) {
      if (!was.contains(e.store().orElseThrow())) {
        LOG.log(Level.WARNING, "not ready: " + e.getMessage(), e.getCause());
      }
    }
    for (Store s : was) {
      if (!is.contains(s)) {
        LOG.log(Level.INFO, "ready again: the " + s.label() + " answers");
      }
    }
  }

  private static List<Store> stores(Report r) {
    return r.down().stream().map(e -> e.store().orElseThrow()).toList();
  }

  @Override
  public void close() {
    runner.shutdownNow();
  }
}
