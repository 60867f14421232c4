package dev.lightbox.http.support;

import io.undertow.server.HttpServerExchange;
import java.nio.ByteBuffer;

/**
 * Ends an exchange whose whole answer is in memory (JSON, a rendered image, no body at all) on the
 * connection's I/O thread, also when a worker thread computed it.
 *
 * <p>Why: when a worker ends an exchange, Undertow 2.4 marks the connection's read state busy,
 * prepares the next request, resumes reads (which wakes the I/O thread) and only then marks it
 * idle; an I/O thread woken in between spins on that state until the worker runs again. On two
 * cores with busy workers the worker is often descheduled right there, and the spin measured
 * 0.4–0.9 ms of I/O-thread CPU per upload (JFR: three quarters of that thread's samples on the
 * spin). Ended on the I/O thread, the exchange has no cross-thread hand-over: the same uploads
 * cost the I/O thread about 0.2 ms (docs/performance.md, "I/O-thread spin").
 *
 * <p>The worker has finished with the request body (read it, or refused it and marked the
 * connection not persistent) when it calls these; the hand-over releases the blocking streams,
 * so the I/O thread sends without blocking, and Undertow runs the send after the worker's handler
 * returns.
 */
public final class WholeResponse {
  private WholeResponse() {}

  /** Sends {@code body} (response headers set by the caller) and ends the exchange. */
  public static void send(HttpServerExchange exchange, ByteBuffer body) {
    if (!handOver(exchange)) {
      exchange.getResponseSender().send(body);
      return;
    }
    exchange.dispatch(exchange.getIoThread(), () -> exchange.getResponseSender().send(body));
  }

  /** Ends the exchange without a body (a 304, say). */
  public static void end(HttpServerExchange exchange) {
    if (!handOver(exchange)) {
      exchange.endExchange();
      return;
    }
    exchange.dispatch(exchange.getIoThread(), exchange::endExchange);
  }

  /**
   * True when the exchange runs on a worker with blocking streams, now released for the
   * hand-over; false on the I/O thread or for a non-blocking exchange, which end where they are.
   */
  private static boolean handOver(HttpServerExchange exchange) {
    if (exchange.isInIoThread() || !exchange.isBlocking() || exchange.isResponseStarted()) {
      return false;
    }
    exchange.startBlocking(null);
    return true;
  }
}
