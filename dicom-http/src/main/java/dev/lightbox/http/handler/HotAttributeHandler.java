package dev.lightbox.http.handler;

import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.metadata.HotAttributes;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * Answers a single-attribute GET or HEAD on the I/O thread when its answer is already in memory
 * (issue 13 "hot attribute reads"): no worker dispatch, no index round trip, no JSON walk. Every
 * other request, and every attribute request it cannot answer exactly as {@link AttributeHandler}
 * would, goes on to {@code next} unchanged.
 *
 * <p>It answers only what the worker path would answer with the same bytes and headers: a path
 * the router would give to {@link AttributeHandler} (same segment rules, same tag-path text),
 * no request body (those go through {@code RequestFraming}), and an answer that would not be
 * gzip-compressed for this client (compressing belongs on a worker, not on the event loop).
 * Refusals (unknown instance or attribute, bad tag path) are never kept, so they always take the
 * worker path with its problem answers.
 */
public final class HotAttributeHandler implements HttpHandler {
  private static final String PREFIX = "/instances/";
  private static final String ATTRIBUTES = "/attributes/";
  private static final String DATASET = "/attributes";

  private final HotAttributes answers;
  private final HttpHandler next;

  public HotAttributeHandler(HotAttributes answers, HttpHandler next) {
    this.answers = answers;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Kept answer = keptAnswer(exchange);
    if (answer == null) {
      next.handleRequest(exchange);
      return;
    }
    if (answer.whole) {
      Router.label(exchange, AttributesHandler.ROUTE);
      Json.sendEncoded(exchange, 200, Json.DICOM_JSON, answer.bytes);
    } else {
      Router.label(exchange, AttributeHandler.ROUTE);
      Json.sendEncoded(exchange, 200, Json.MEDIA_TYPE, answer.bytes);
    }
  }

  /** A kept answer and which route's it is (one attribute, or the whole dataset). */
  private record Kept(byte[] bytes, boolean whole) {}

  /** The kept answer for this request, or null when the worker path must handle it. */
  private Kept keptAnswer(HttpServerExchange exchange) {
    HttpString method = exchange.getRequestMethod();
    if (!method.equals(Methods.GET) && !method.equals(Methods.HEAD)) {
      return null;
    }
    if (exchange.getRequestContentLength() > 0
        || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
      return null;
    }
    String path = exchange.getRelativePath();
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    int idEnd = path.indexOf('/', PREFIX.length());
    if (idEnd <= PREFIX.length()) {
      return null;
    }
    if (path.length() == idEnd + DATASET.length() && path.startsWith(DATASET, idEnd)) {
      // The whole dataset; a query (?tag=…) selects attributes and takes the worker path.
      if (!exchange.getQueryString().isEmpty()) {
        return null;
      }
      return sendable(exchange, answers.cachedDataset(AuthGate.tenant(exchange), path.substring(PREFIX.length(), idEnd)),
          true);
    }
    if (!path.startsWith(ATTRIBUTES, idEnd)) {
      return null;
    }
    String rest = path.substring(idEnd + ATTRIBUTES.length());
    if (rest.isEmpty()) {
      return null;
    }
    // Kept under the tag-path text the router would pass on; an invalid path is never kept, so it
    // takes the worker path to its problem answer.
    return sendable(exchange, answers.cached(AuthGate.tenant(exchange), path.substring(PREFIX.length(), idEnd), rest),
        false);
  }

  private static Kept sendable(HttpServerExchange exchange, byte[] answer, boolean whole) {
    return answer == null || Json.wouldCompress(exchange, answer.length) ? null
        : new Kept(answer, whole);
  }
}
