package dev.lightbox.http.support;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Graceful drain before shutdown (SIGTERM). Once {@link #start started}, readiness answers 503
 * {@code draining} so load balancers and orchestrators stop sending traffic here, and the server
 * (which closes its listeners, so new connections are refused and clients retry elsewhere) still
 * serves requests that arrive on connections already open, each answered with {@code Connection:
 * close}: a client never gets an error for a request sent before it could know, and reconnects
 * elsewhere for the next one. Requests in flight are counted so the server can wait for them
 * ({@link #awaitIdle}). The health probes keep answering on open connections: liveness 200,
 * readiness 503 {@code draining}.
 */
public final class Drain {
  private static final String LIVE = "/health/live";
  private static final String READY = "/health/ready";

  private final Object idle = new Object();
  private final AtomicLong active = new AtomicLong();
  private volatile boolean started;

  /** Starts draining; idempotent. */
  public void start() {
    started = true;
  }

  public boolean started() {
    return started;
  }

  /**
   * Wraps {@code next}, counting the requests it serves. While draining, the probes ({@code
   * GET|HEAD /health/live} and {@code /health/ready}) go to {@code probes}, whose handlers answer
   * without blocking, and every answer closes its connection.
   */
  public HttpHandler gate(HttpHandler next, HttpHandler probes) {
    return exchange -> {
      if (started) {
        exchange.setPersistent(false);
        String path = exchange.getRelativePath();
        HttpString method = exchange.getRequestMethod();
        boolean read = method.equals(Methods.GET) || method.equals(Methods.HEAD);
        if (read && (path.equals(LIVE) || path.equals(READY))) {
          probes.handleRequest(exchange);
          return;
        }
      }
      active.incrementAndGet();
      // A request admitted before the drain answers after it: its connection closes too.
      exchange.addResponseCommitListener(ex -> {
        if (started) {
          ex.setPersistent(false);
        }
      });
      exchange.addExchangeCompleteListener((ex, nextListener) -> {
        if (active.decrementAndGet() == 0 && started) {
          synchronized (idle) {
            idle.notifyAll();
          }
        }
        nextListener.proceed();
      });
      next.handleRequest(exchange);
    };
  }

  /** Waits until no request is in flight, at most {@code timeout}; true when none is. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (active.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        // Bounded waits: a notify sent between the check and the wait is not waited out.
        idle.wait(Math.max(1, Math.min(50, left / 1_000_000)));
      }
      return true;
    }
  }

  /** Answers 503 {@code draining} (readiness while draining), closing the connection. */
  public void refuse(HttpServerExchange exchange) {
    exchange.setPersistent(false);
    exchange.getResponseHeaders().put(new HttpString("Retry-After"), "1");
    ErrorMapping.send(exchange, new ErrorMapping.Problem(503, "draining", "Service Unavailable",
        "this server is shutting down: it finishes the requests in flight and accepts no new "
        + "connections; another node, or this one once restarted, will answer"));
  }
}
