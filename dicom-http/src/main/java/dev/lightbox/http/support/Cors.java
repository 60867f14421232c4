package dev.lightbox.http.support;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cross-origin resource sharing (Fetch Standard §3.2) for the configured origins only; with no
 * origins configured the handler is not installed and browsers apply the same-origin policy.
 * An allowed origin is echoed (never {@code *}, so the answer is per origin and {@code Vary:
 * Origin} is sent); a preflight {@code OPTIONS} from an allowed origin is answered 204 here.
 */
public final class Cors implements HttpHandler {
  static final String ALLOW_METHODS = "GET, HEAD, POST, DELETE, OPTIONS";
  /** DICOMweb clients read Warning (PS3.18 §8.3.4.4), Content-Type (the multipart boundary) and ranges. */
  static final String EXPOSE = "ETag, X-Request-Id, Location, Content-Disposition, Warning, "
      + "Content-Type, Content-Length, Content-Range, Accept-Ranges, Content-Location";
  static final String DEFAULT_ALLOW_HEADERS = "Content-Type, Accept, Range, If-None-Match, "
      + "If-Range, X-Request-Id, Authorization";
  /** Requested header names are echoed only if they are plain tokens (no header injection). */
  private static final Pattern HEADER_LIST = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~ ,-]{1,512}");
  private static final HttpString ORIGIN = new HttpString("Origin");

  private final HttpHandler next;
  private final Set<String> origins;

  /** @param origins exact origins ({@code https://viewer.example:8443}) or {@code *} for any */
  public Cors(HttpHandler next, Set<String> origins) {
    this.next = next;
    this.origins = Set.copyOf(origins);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String origin = exchange.getRequestHeaders().getFirst(ORIGIN);
    var response = exchange.getResponseHeaders();
    response.add(new HttpString("Vary"), "Origin");
    if (origin == null || !allowed(origin)) {
      next.handleRequest(exchange);
      return;
    }
    response.put(new HttpString("Access-Control-Allow-Origin"), origin);
    String requestedMethod = exchange.getRequestHeaders()
        .getFirst("Access-Control-Request-Method");
    if (exchange.getRequestMethod().equals(Methods.OPTIONS) && requestedMethod != null) {
      String requestedHeaders = exchange.getRequestHeaders()
          .getFirst("Access-Control-Request-Headers");
      response.put(new HttpString("Access-Control-Allow-Methods"), ALLOW_METHODS);
      response.put(new HttpString("Access-Control-Allow-Headers"),
          requestedHeaders != null && HEADER_LIST.matcher(requestedHeaders).matches()
              ? requestedHeaders : DEFAULT_ALLOW_HEADERS);
      response.put(new HttpString("Access-Control-Max-Age"), "600");
      exchange.setStatusCode(204);
      exchange.endExchange();
      return;
    }
    response.put(new HttpString("Access-Control-Expose-Headers"), EXPOSE);
    next.handleRequest(exchange);
  }

  private boolean allowed(String origin) {
    return origins.contains("*") || origins.contains(origin);
  }
}
