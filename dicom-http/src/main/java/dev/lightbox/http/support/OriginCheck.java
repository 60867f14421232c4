package dev.lightbox.http.support;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses (403) a state-changing request ({@code POST}, {@code PUT}, {@code PATCH}, {@code
 * DELETE}) that a browser sent from another origin. A page elsewhere can send a "simple"
 * cross-origin {@code multipart/form-data} POST without any CORS check (the browser only hides the
 * answer), so without this a page on any site could replace stored instances. Browsers send
 * {@code Origin} on every such request (Fetch Standard §3.1); it is allowed when it is this
 * server's own origin (its authority equals the request's {@code Host}, which {@link HostCheck}
 * has already vetted against DNS rebinding) or a configured CORS origin. Requests without {@code
 * Origin} come from non-browser clients (curl, scripts, DICOMweb tools) and pass; with cookies or
 * Basic authentication the same rule applies, since those are exactly what a browser would attach.
 */
public final class OriginCheck implements HttpHandler {
  private static final HttpString ORIGIN = new HttpString("Origin");
  private static final Set<HttpString> STATE_CHANGING = Set.of(Methods.POST, Methods.PUT,
      Methods.PATCH, Methods.DELETE);

  private final HttpHandler next;
  private final Set<String> corsOrigins;

  public OriginCheck(HttpHandler next, Set<String> corsOrigins) {
    this.next = next;
    this.corsOrigins = Set.copyOf(corsOrigins);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String origin = exchange.getRequestHeaders().getFirst(ORIGIN);
    if (origin == null || !STATE_CHANGING.contains(exchange.getRequestMethod())
        || allowed(origin, exchange.getRequestHeaders().getFirst(Headers.HOST))) {
      next.handleRequest(exchange);
      return;
    }
    exchange.setPersistent(false); // the body is not read
    ErrorMapping.send(exchange, new ErrorMapping.Problem(403, "cross-origin-refused",
        "Forbidden", "a " + exchange.getRequestMethod() + " from the page at '"
        + Query.abbreviate(origin) + "' is refused: only this server's own pages and the "
        + "origins configured with --cors-origins may change data"));
  }

  boolean allowed(String origin, String host) {
    if (corsOrigins.contains("*") || corsOrigins.contains(origin)) {
      return true;
    }
    if (host == null || origin.equals("null")) {
      return false;
    }
    int sep = origin.indexOf("://");
    if (sep < 0) {
      return false;
    }
    String scheme = origin.substring(0, sep).toLowerCase(Locale.ROOT);
    String authority = origin.substring(sep + 3).toLowerCase(Locale.ROOT);
    return withDefaultPort(authority, scheme).equals(
        withDefaultPort(host.strip().toLowerCase(Locale.ROOT), scheme));
  }

  /** {@code host} or {@code host:port}, written with the scheme's default port made explicit. */
  private static String withDefaultPort(String authority, String scheme) {
    boolean hasPort = authority.matches(".*:\\d{1,5}$") && !authority.endsWith("]");
    if (hasPort) {
      return authority;
    }
    return authority + ":" + (scheme.equals("https") ? 443 : 80);
  }
}
