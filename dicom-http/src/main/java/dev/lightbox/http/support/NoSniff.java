package dev.lightbox.http.support;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * {@code X-Content-Type-Options: nosniff} on every response (problems, JSON, downloads, bulk
 * data, images): a stored file or value served as {@code application/octet-stream} or {@code
 * application/dicom} must never be sniffed into HTML or script by a browser (Fetch Standard
 * §3.5.1, "X-Content-Type-Options").
 */
public final class NoSniff implements HttpHandler {
  private final HttpHandler next;

  public NoSniff(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
    next.handleRequest(exchange);
  }
}
