package dev.lightbox.http.support;

import java.time.Instant;
import java.util.Locale;
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

  private void drain() {
    while (true) {
      Entry e;
      try {
        e = queue.take();
      } catch (InterruptedException ie) {
        return;
      }
      LOGGER.info(String.format(Locale.ROOT,
          "%s %s status=%d duration_ms=%.2f bytes_in=%d bytes_out=%d request_id=%s%s",
          e.method(), e.route(), e.status(), e.nanos() / 1e6, e.in(), e.out(), e.requestId(),
          e.cutOff() == null ? "" : " cut_off=" + e.cutOff()));
    }
  }
}
