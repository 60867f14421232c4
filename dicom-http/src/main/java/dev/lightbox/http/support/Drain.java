package dev.lightbox.http.support;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * Graceful drain before shutdown (SIGTERM). Once {@link #start started}, readiness answers 503
 * {@code draining} so load balancers and orchestrators stop sending traffic here, every new
 * request is answered 503 with {@code Retry-After} and {@code Connection: close} at once (on the
 * I/O thread, without a worker), and requests already admitted run to completion; the server
 * waits for them up to its drain timeout ({@link dev.lightbox.http.LightboxServer#close}). The
 * health probes keep answering while draining: liveness stays 200, readiness says why it is 503.
 */
public final class Drain {
  private static final String LIVE = "/health/live";
  private static final String READY = "/health/ready";

  private volatile boolean started;

  /** Starts draining; idempotent. */
  public void start() {
    started = true;
  }

  public boolean started() {
    return started;
  }

  /**
   * Wraps {@code next}: passes every request while not draining; while draining, sends the probes
   * ({@code GET|HEAD /health/live} and {@code /health/ready}) to {@code probes}, whose handlers
   * answer without blocking, and refuses everything else.
   */
  public HttpHandler gate(HttpHandler next, HttpHandler probes) {
    return exchange -> {
      if (!started) {
        next.handleRequest(exchange);
        return;
      }
      String path = exchange.getRelativePath();
      HttpString method = exchange.getRequestMethod();
      boolean read = method.equals(Methods.GET) || method.equals(Methods.HEAD);
      if (read && (path.equals(LIVE) || path.equals(READY))) {
        probes.handleRequest(exchange);
        return;
      }
      refuse(exchange);
    };
  }

  /** Answers 503 {@code draining}, closing the connection so the client reconnects elsewhere. */
  public void refuse(HttpServerExchange exchange) {
    exchange.setPersistent(false);
    exchange.getResponseHeaders().put(new HttpString("Retry-After"), "1");
    ErrorMapping.send(exchange, new ErrorMapping.Problem(503, "draining", "Service Unavailable",
        "this server is shutting down and accepts no new requests; retry, another node or the "
        + "restarted server will answer"));
  }
}
