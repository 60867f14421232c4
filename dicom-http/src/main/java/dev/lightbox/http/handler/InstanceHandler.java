package dev.lightbox.http.handler;

import dev.lightbox.http.service.InstanceService;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.Router;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** {@code GET /instances/{id}}: the stored instance's summary with its links. */
public final class InstanceHandler implements HttpHandler {
  private final InstanceService service;

  public InstanceHandler(InstanceService service) {
    this.service = service;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    var record = service.find(Router.param(exchange, "id"));
    var body = InstanceJson.item(record);
    body.add("links", InstanceJson.links(record.sopInstanceUid()));
    Json.send(exchange, 200, body);
  }
}
