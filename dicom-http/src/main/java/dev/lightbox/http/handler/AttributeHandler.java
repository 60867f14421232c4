package dev.lightbox.http.handler;

import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.metadata.HotAttributes;
import dev.lightbox.service.metadata.MetadataService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /instances/{id}/attributes/{tagPath}}: one attribute as {@code {"tag","keyword",
 * "name","vr","Value"}}; the path may go into sequences ({@code 00081140/0/00081155}). This is the
 * worker-thread path: the first request for an answer, and every refusal. Answers already in
 * memory are sent from the I/O thread by {@link HotAttributeHandler} before a worker is involved.
 */
public final class AttributeHandler implements HttpHandler {
  /** The route label (the router's template as metrics and the access log show it). */
  public static final String ROUTE = "/instances/{id}/attributes/{tagPath}";

  private final HotAttributes answers;

  public AttributeHandler(HotAttributes answers) {
    this.answers = answers;
  }

  /** This route's kept answers: their BulkDataURIs name the own {@code /bulk} route. */
  public static HotAttributes keptAnswers(MetadataService service) {
    return service.hotAttributes(BulkLinksHttp::instance);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String id = Router.param(exchange, "id");
    Json.sendEncoded(exchange, 200, Json.MEDIA_TYPE,
        answers.answer(AuthGate.tenant(exchange), id, Router.param(exchange, "tagPath")));
  }
}
