package dev.lightbox.http.support;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.Locale;

/**
 * Refuses requests whose body length is ambiguous, the raw material of request smuggling. RFC 9112
 * §6.3: when a request carries Transfer-Encoding and chunked is not its final (here: only) coding,
 * the length cannot be determined and the server must answer 400 and close the connection. Undertow
 * itself rejects Content-Length together with Transfer-Encoding, but reads a body with an unknown
 * coding (e.g. {@code xchunked}) as empty and would then parse the rest of that body as the next
 * request on the connection. The connection is closed after the 400, so nothing the client sent
 * after these headers is ever read as a request.
 *
 * <p>Only {@code POST} (uploads) takes a body. Undertow's own entity limit is off (it would cut
 * chunked uploads at 2 MiB), so a body on any other method is refused here with 413 and the
 * connection closed rather than drained.
 */
public final class RequestFraming implements HttpHandler {
  /** Bodies up to this on other methods are tolerated (and drained) for lenient clients. */
  static final long MAX_OTHER_BODY = 64 * 1024;

  private final HttpHandler next;

  public RequestFraming(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HeaderValues te = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
    if (te != null && !(te.size() == 1
        && te.getFirst().strip().toLowerCase(Locale.ROOT).equals("chunked"))) {
      exchange.setPersistent(false);
      throw new HttpStatusException(400, "ambiguous-framing", "Transfer-Encoding must be exactly "
          + "'chunked' (RFC 9112 §6.3); got " + Query.abbreviate(String.join(", ", te)));
    }
    if (!exchange.getRequestMethod().equals(Methods.POST)
        && (te != null || exchange.getRequestContentLength() > MAX_OTHER_BODY)) {
      exchange.setPersistent(false);
      throw new HttpStatusException(413, "body-not-accepted", "only uploads (POST) take a "
          + "request body; this " + exchange.getRequestMethod() + " carried one");
    }
    next.handleRequest(exchange);
  }
}
