package dev.lightbox.http.handler;

import com.google.gson.JsonObject;
import dev.lightbox.http.support.Drain;
import dev.lightbox.http.support.ErrorMapping;
import dev.lightbox.http.support.Json;
import dev.lightbox.service.Readiness;
import dev.lightbox.service.ServiceException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /health/ready}: 200 {@code {"status":"ready"}} when the index and the blob store
 * answer and the server is not draining; otherwise 503 {@code application/problem+json}, type
 * {@code storage-unavailable} with member {@code store} naming the store(s) down, or type {@code
 * draining}. Store checks are bounded in time and cached for a second ({@link Readiness}), so a
 * probe flood costs the stores one check per second; while draining the answer needs no check and
 * never blocks.
 */
public final class ReadinessHandler implements HttpHandler {
  private final Readiness readiness;
  private final Drain drain;

  public ReadinessHandler(Readiness readiness, Drain drain) {
    this.readiness = readiness;
    this.drain = drain;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    if (drain.started()) {
      drain.refuse(exchange);
      return;
    }
    Readiness.Report report = readiness.current();
    if (report.ready()) {
      JsonObject body = new JsonObject();
      body.addProperty("status", "ready");
      Json.send(exchange, 200, body);
      return;
    }
    // The first failure's mapping (status, type, title) with every store that is down named.
    ErrorMapping.Problem first = ErrorMapping.map(report.down().get(0));
    String stores = report.down().stream().map(e -> e.store().orElseThrow().label())
        .collect(Collectors.joining(", "));
    String detail = report.down().stream().map(ServiceException::getMessage)
        .collect(Collectors.joining("; "));
    exchange.getResponseHeaders().put(new HttpString("Retry-After"), "1");
    ErrorMapping.send(exchange, new ErrorMapping.Problem(first.status(), first.type(),
        first.title(), "not ready: " + detail, Map.of("store", stores)));
  }
}
