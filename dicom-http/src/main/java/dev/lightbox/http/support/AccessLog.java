package dev.lightbox.http.support;

import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The access log, written off the request path. Undertow's I/O thread busy-waits while a
 * completed exchange's listeners still run on the worker (it cannot start reading the next
 * keep-alive request until then), so formatting and writing a log line there costs every
 * client a round of spinning. Entries go into a bounded queue drained by one daemon thread; if
 * logging cannot keep up, entries are dropped and counted ({@link #dropped()}) rather than
 * slowing requests down.
 */
public final class AccessLog {
  /** Logger of the access log; one INFO line per request. */
  public static final Logger LOGGER = Logger.getLogger("dev.lightbox.http.access");
  private static final int CAPACITY = 8192;

  private record Entry(Instant at, String method, String route, int status, long nanos, long in,
      long out, String requestId, String cutOff) {}

  private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final LongAdder dropped = new LongAdder();

  public AccessLog() {
    Thread writer = new Thread(this::drain, "lightbox-access-log");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * @param status 0 when the request got no response at all
   * @param cutOff the problem type of a failure that could not be answered, or null
   */
  void record(String method, String route, int status, long nanos, long in, long out,
      String requestId, String cutOff) {
    if (!LOGGER.isLoggable(Level.INFO)) {
      return;
    }
    if (!queue.offer(new Entry(Instant.now(), method, route, status, nanos, in, out,
        requestId, cutOff))) {
      dropped.increment();
    }
  }

  /** Entries not logged because the queue was full. */
  public long dropped() {
    return dropped.sum();
  }

  /**
   * Every {@link #DRAIN_INTERVAL_MS} the writer takes what has queued and logs it. Polling instead
   * of a blocking take: with a take, every request's offer wakes the parked writer (a futex call
   * and a context switch on the request path, measured as a visible share of a hot attribute GET
   * on two cores, issue 13); with polling the producer only appends.
   */
  private void drain() {
    java.util.List<Entry> batch = new java.util.ArrayList<>(CAPACITY);
    while (true) {
      try {
        Thread.sleep(DRAIN_INTERVAL_MS);
      } catch (InterruptedException ie) {
        return;
      }
      queue.drainTo(batch);
      if (batch.isEmpty()) {
        continue;
      }
      for (Entry e : batch) {
        LOGGER.info(line(e));
      }
      batch.clear();
      LogSetup.flushHandlers(); // one write for the batch (LogSetup.BatchingHandler)
    }
  }

  /** Longest an entry waits before it is written (the queue holds {@link #CAPACITY} meanwhile). */
  static final long DRAIN_INTERVAL_MS = 20;

  /**
   * The line, built without {@code String.format} (its parsing and floating-point formatting were
   * most of the writer's CPU per request, issue 13). {@code duration_ms} keeps two decimals,
   * rounded half up.
   */
  static String line(String method, String route, int status, long nanos, long in, long out,
      String requestId, String cutOff) {
    long hundredths = (nanos + 5_000) / 10_000;
    StringBuilder sb = new StringBuilder(160).append(method).append(' ').append(route)
        .append(" status=").append(status).append(" duration_ms=").append(hundredths / 100)
        .append('.');
    long frac = hundredths % 100;
    if (frac < 10) {
      sb.append('0');
    }
    sb.append(frac).append(" bytes_in=").append(in).append(" bytes_out=").append(out)
        .append(" request_id=").append(requestId);
    if (cutOff != null) {
      sb.append(" cut_off=").append(cutOff);
    }
    return sb.toString();
  }

  private static String line(Entry e) {
    return line(e.method(), e.route(), e.status(), e.nanos(), e.in(), e.out(), e.requestId(),
        e.cutOff());
  }
}
