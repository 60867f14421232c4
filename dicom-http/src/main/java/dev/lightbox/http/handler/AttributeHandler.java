package dev.lightbox.http.handler;

import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.service.metadata.MetadataService;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.Router;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /instances/{id}/attributes/{tagPath}}: one attribute as {@code {"tag","keyword",
 * "name","vr","Value"}}; the path may go into sequences ({@code 00081140/0/00081155}).
 */
public final class AttributeHandler implements HttpHandler {
  private final MetadataService service;

  public AttributeHandler(MetadataService service) {
    this.service = service;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String id = Router.param(exchange, "id");
    TagPath path = MetadataService.parsePath(Router.param(exchange, "tagPath"));
    Json.send(exchange, 200, service.attribute(id, path, BulkLinksHttp.instance(id)));
  }
}
