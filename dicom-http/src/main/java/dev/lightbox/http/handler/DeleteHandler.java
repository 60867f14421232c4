package dev.lightbox.http.handler;

import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.catalog.CatalogService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** {@code DELETE /instances/{id}}: 204; the blob is removed once nothing refers to it. */
public final class DeleteHandler implements HttpHandler {
  private final CatalogService service;

  public DeleteHandler(CatalogService service) {
    this.service = service;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    service.delete(AuthGate.tenant(exchange), Router.param(exchange, "id"));
    exchange.setStatusCode(204);
    exchange.endExchange();
  }
}
