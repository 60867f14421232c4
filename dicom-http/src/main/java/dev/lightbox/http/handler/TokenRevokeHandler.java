package dev.lightbox.http.handler;

import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.auth.TokenService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;

/**
 * {@code DELETE /tokens/{id}} (admin): revokes the token with this id or name; every node refuses
 * it within the token reload interval (2 s). 200 with the token; 404 when there is none.
 */
public final class TokenRevokeHandler implements HttpHandler {
  private final TokenService tokens;

  public TokenRevokeHandler(TokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String id = Router.param(exchange, "id");
    var revoked = tokens.revoke(id).orElseThrow(() -> new HttpStatusException(404,
        "token-not-found", "no token with id or name '" + abbreviate(id) + "'"));
    Json.send(exchange, 200, TokenJson.of(revoked, Instant.now()));
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
