package dev.lightbox.http.support;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** Conditional request checks on strong entity tags (RFC 9110 §13.1.2). */
public final class Etags {
  private Etags() {}

  /** True when {@code If-None-Match} lists {@code etag} or is {@code *}: answer 304. */
  public static boolean notModified(HttpServerExchange exchange, String etag) {
    String header = exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
    if (header == null) {
      return false;
    }
    for (String candidate : header.split(",")) {
      String c = candidate.strip();
      if (c.startsWith("W/")) {
        c = c.substring(2); // weak comparison for If-None-Match (RFC 9110 §13.1.2)
      }
      if (c.equals("*") || c.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
