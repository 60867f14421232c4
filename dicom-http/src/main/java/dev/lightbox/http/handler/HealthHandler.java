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
  private static final System.Logger LOG = System.getLogger(HealthHandler.class.getName());
  private final Services service;

  public HealthHandler(Services service) {
    this.service = service;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    JsonObject body = new JsonObject();
    // Kinds only: paths, hosts and buckets are the operator's business, not every client's.
    body.addProperty("storage", service.storeKinds());
    try {
      service.check();
      body.addProperty("status", "ok");
      Json.send(exchange, 200, body);
    } catch (ServiceException | RuntimeException e) {
      body.addProperty("status", "unavailable");
      // The failure's kind, not its message (which may name paths or hosts); the log has it all.
      body.addProperty("detail", e instanceof ServiceException se
          ? "storage check failed: " + se.failure().name().toLowerCase(java.util.Locale.ROOT)
          : "storage check failed");
      LOG.log(System.Logger.Level.WARNING, "health check failed", e);
      Json.send(exchange, 503, body);
    }
  }
}
