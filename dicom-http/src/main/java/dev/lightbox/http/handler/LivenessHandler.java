package dev.lightbox.http.handler;

import com.google.gson.JsonObject;
import dev.lightbox.http.support.Json;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * {@code GET /health/live}: 200 {@code {"status":"live"}} for as long as the process serves HTTP,
 * draining included. It checks no store on purpose: a liveness failure makes an orchestrator
 * restart the process, which cures nothing when the database is down. Never blocks, so it is also
 * answered on the I/O thread while draining.
 */
public final class LivenessHandler implements HttpHandler {
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    JsonObject body = new JsonObject();
    body.addProperty("status", "live");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    Json.send(exchange, 200, body);
  }
}
