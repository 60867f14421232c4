package dev.lightbox.http.handler;

import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.catalog.CatalogService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** {@code GET /instances/{id}}: the stored instance's summary with its links. */
public final class InstanceHandler implements HttpHandler {
  private final CatalogService service;

  public InstanceHandler(CatalogService service) {
    this.service = service;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    var instance = service.find(AuthGate.tenant(exchange), Router.param(exchange, "id"));
    var body = InstanceJson.item(instance);
    body.add("links", InstanceJson.links(instance.sopInstanceUid()));
    Json.send(exchange, 200, body);
  }
}
