package dev.lightbox.http.support;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.concurrent.Semaphore;

/**
 * Bounds the requests with a body (uploads) that hold a worker thread at once. Bodies are read
 * with blocking streams, so each upload holds a worker for as long as its client sends, and a
 * client can send slowly (1.5 KiB/s passes the minimum rate) or stop until the stall guard cuts
 * it off. Without a bound, 16 such clients held all of Undertow's workers and {@code /health} and
 * every read waited. This runs on the I/O thread before dispatch: a request past the bound is
 * answered 503 with {@code Retry-After} at once and never takes a worker; admitted ones release
 * their slot when the exchange completes, however it ends.
 */
public final class UploadGate implements HttpHandler {
  /** Seconds a refused client is asked to wait (RFC 9110 §10.2.3). */
  static final int RETRY_AFTER_SECONDS = 2;
  /** A refused body up to this is drained after the answer (so the client reads the 503). */
  private static final long LINGER_MAX_BYTES = 16L << 20;

  private final HttpHandler next;
  private final Semaphore slots;
  private final int max;

  public UploadGate(HttpHandler next, int maxConcurrent) {
    this.next = next;
    this.max = maxConcurrent;
    this.slots = new Semaphore(maxConcurrent);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HttpString method = exchange.getRequestMethod();
    if (!method.equals(Methods.POST) && !method.equals(Methods.PUT)
        && !method.equals(Methods.PATCH)) {
      next.handleRequest(exchange);
      return;
    }
    if (!slots.tryAcquire()) {
      long declared = exchange.getRequestContentLength();
      if (declared < 0 || declared > LINGER_MAX_BYTES) {
        exchange.setPersistent(false);
      }
      exchange.getResponseHeaders().put(new HttpString("Retry-After"),
          String.valueOf(RETRY_AFTER_SECONDS));
      ErrorMapping.send(exchange, new ErrorMapping.Problem(503, "busy", "Service Unavailable",
          "the server is already receiving " + max + " uploads; retry in "
          + RETRY_AFTER_SECONDS + " s"));
      return;
    }
    exchange.addExchangeCompleteListener((ex, nextListener) -> {
      slots.release();
      nextListener.proceed();
    });
    next.handleRequest(exchange);
  }

  /** Upload slots free now (for metrics). */
  public int available() {
    return slots.availablePermits();
  }
}
