package dev.lightbox.http.handler;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lightbox.http.support.Json;
import dev.lightbox.service.auth.TokenInfo;
import dev.lightbox.service.auth.TokenService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;

/** {@code GET /tokens} (admin): every token, revoked and expired ones included, never a secret. */
public final class TokensHandler implements HttpHandler {
  private final TokenService tokens;

  public TokensHandler(TokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Instant now = Instant.now();
    JsonArray items = new JsonArray();
    for (TokenInfo t : tokens.list()) {
      items.add(TokenJson.of(t, now));
    }
    JsonObject body = new JsonObject();
    body.add("tokens", items);
    Json.send(exchange, 200, body);
  }
}
