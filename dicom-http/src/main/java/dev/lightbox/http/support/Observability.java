package dev.lightbox.http.support;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Times every exchange and, when it completes (whatever handler ended it, errors included), writes
 * one access log line and records the request metrics. The route label is the matched template
 * from {@link Router#route}, so metric cardinality is bounded by the route table, never by ids in
 * paths.
 */
public final class Observability implements HttpHandler {
  /** Logger of the access log; one INFO line per request (written by {@link AccessLog}). */
  public static final Logger ACCESS_LOG = AccessLog.LOGGER;
  private static final AccessLog LOG = new AccessLog();
  private static final AttachmentKey<AtomicLong> BODY_BYTES = AttachmentKey.create(AtomicLong.class);
  private static final AttachmentKey<String> CUT_OFF = AttachmentKey.create(String.class);

  /** The status recorded for a request that got no response at all. */
  public static final int NO_RESPONSE = 0;

  private final HttpHandler next;
  private final Metrics metrics;

  public Observability(HttpHandler next, Metrics metrics) {
    this.next = next;
    this.metrics = metrics;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long start = System.nanoTime();
    AtomicLong bodyBytes = new AtomicLong(-1);
    exchange.putAttachment(BODY_BYTES, bodyBytes);
    // Set when response headers are committed to the connection; an exchange that ends without
    // that (Undertow cut the connection: a broken chunk size, a client gone) had no response.
    java.util.concurrent.atomic.AtomicBoolean committed =
        new java.util.concurrent.atomic.AtomicBoolean();
    exchange.addResponseCommitListener(ex -> committed.set(true));
    exchange.addExchangeCompleteListener((ex, nextListener) -> {
      try {
        complete(ex, System.nanoTime() - start, bodyBytes.get(), committed.get());
      } finally {
        nextListener.proceed();
      }
    });
    next.handleRequest(exchange);
  }

  /**
   * Counts the request body bytes a handler actually read (chunked bodies have no length header);
   * handlers that read a body wrap their stream with this.
   */
  public static java.io.InputStream countBody(HttpServerExchange exchange, java.io.InputStream in) {
    AtomicLong counter = exchange.getAttachment(BODY_BYTES);
    if (counter == null) {
      return in;
    }
    counter.set(0);
    return new java.io.FilterInputStream(in) {
      @Override
      public int read() throws java.io.IOException {
        int b = super.read();
        if (b >= 0) {
          counter.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws java.io.IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          counter.addAndGet(n);
        }
        return n;
      }
    };
  }

  /**
   * Records that the exchange failed after its connection could no longer carry a response (a
   * broken chunk size, a client gone, a download cut midway): the access log then shows the
   * problem type, and status 0 when no response byte went out.
   */
  public static void recordCutOff(HttpServerExchange exchange, String problemType) {
    exchange.putAttachment(CUT_OFF, problemType);
  }

  private void complete(HttpServerExchange exchange, long nanos, long counted,
      boolean committed) {
    String route = Router.route(exchange);
    String method = exchange.getRequestMethod().toString();
    // An exchange that ended without a response (the connection was cut: a stalled or broken
    // upload, an overflowing chunk size) still has Undertow's default 200: record 0 instead, so
    // the log and the metrics never count a request that got no answer as a success.
    String cutOff = exchange.getAttachment(CUT_OFF);
    boolean nothingSent = exchange.getResponseBytesSent() == 0;
    // Undertow ends an exchange whose connection broke under it (an overflowing chunk size, a
    // client gone) while the handler may still run; the exchange then "completes" as the default
    // 200 with nothing sent on a closed connection. None of our 200s is empty but HEAD's.
    boolean broken = nothingSent && exchange.getStatusCode() == 200
        && !exchange.getRequestMethod().equals(io.undertow.util.Methods.HEAD)
        && !exchange.getConnection().isOpen();
    int status = committed && exchange.isResponseStarted() && !broken
        && (cutOff == null || !nothingSent) ? exchange.getStatusCode() : NO_RESPONSE;
    long in = counted >= 0 ? counted : Math.max(0, exchange.getRequestContentLength());
    long out = exchange.getResponseBytesSent();
    metrics.request(route, method, status, nanos, in, out);
    LOG.record(method, route, status, nanos, in, out, RequestIds.of(exchange), cutOff);
  }
}
