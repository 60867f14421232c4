package dev.lightbox.http.handler;

import com.google.gson.JsonObject;
import dev.lightbox.service.Services;
import dev.lightbox.http.support.Json;
import dev.lightbox.service.ServiceException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /health}: 200 {@code {"status":"ok"}} when the blob store and index answer their
 * probes, else 503 {@code {"status":"unavailable","detail":…}} (readiness for load balancers).
 */
public final class HealthHandler implements HttpHandler {
  private final Services service;

  public HealthHandler(Services service) {
    this.service = service;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    JsonObject body = new JsonObject();
    body.addProperty("storage", service.describeStores());
    try {
      service.check();
      body.addProperty("status", "ok");
      Json.send(exchange, 200, body);
    } catch (ServiceException | RuntimeException e) {
      body.addProperty("status", "unavailable");
      body.addProperty("detail", e.getMessage());
      Json.send(exchange, 503, body);
    }
  }
}
