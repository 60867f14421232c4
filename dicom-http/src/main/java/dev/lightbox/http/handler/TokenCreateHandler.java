package dev.lightbox.http.handler;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Json;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.auth.NewToken;
import dev.lightbox.service.auth.Scope;
import dev.lightbox.service.auth.TokenService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /tokens} (admin): creates a token from {@code {"tenant", "scopes", "expiresDays",
 * "name"}} and answers 201 with its secret (shown this once, {@code Cache-Control: no-store})
 * and what is stored about it. The same rules as {@code lightbox token create}.
 */
public final class TokenCreateHandler implements HttpHandler {
  /** A request is a few short strings; anything longer is not one. */
  static final int MAX_BODY = 4096;

  private final TokenService tokens;

  public TokenCreateHandler(TokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type == null || !type.split(";")[0].strip().toLowerCase(Locale.ROOT)
        .equals("application/json")) {
      throw new HttpStatusException(415, "unsupported-media-type",
          "POST /tokens takes application/json");
    }
    byte[] bytes;
    try (InputStream in = exchange.getInputStream()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      exchange.setPersistent(false);
      throw new HttpStatusException(413, "body-too-large", "a token request is at most "
          + MAX_BODY + " bytes");
    }
    NewToken request = parse(new String(bytes, StandardCharsets.UTF_8));
    TokenService.Created created = tokens.create(request);
    JsonObject body = new JsonObject();
    body.addProperty("secret", created.secret());
    body.add("token", TokenJson.of(created.info(), Instant.now()));
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseHeaders().put(Headers.LOCATION, "/tokens/" + created.info().id());
    Json.send(exchange, 201, body);
  }

  private static NewToken parse(String text) throws ServiceException {
    try {
      JsonElement root = JsonParser.parseString(text);
      if (!root.isJsonObject()) {
        throw ServiceException.invalidRequest("the body must be a JSON object");
      }
      JsonObject o = root.getAsJsonObject();
      String tenant = string(o, "tenant").orElseThrow(() ->
          ServiceException.invalidRequest("tenant is required"));
      JsonElement scopes = o.get("scopes");
      if (scopes == null || scopes.isJsonNull()) {
        throw ServiceException.invalidRequest("scopes is required (read, write, delete, admin)");
      }
      String list;
      if (scopes.isJsonArray()) {
        StringBuilder b = new StringBuilder();
        for (JsonElement s : scopes.getAsJsonArray()) {
          b.append(b.length() == 0 ? "" : ",").append(s.getAsString());
        }
        list = b.toString();
      } else {
        list = scopes.getAsString();
      }
      Optional<Duration> lifetime = Optional.empty();
      JsonElement days = o.get("expiresDays");
      if (days != null && !days.isJsonNull()) {
        long d = days.getAsLong();
        if (d < 1 || d > 36_500) {
          throw ServiceException.invalidRequest("expiresDays must be 1..36500, got " + d);
        }
        lifetime = Optional.of(Duration.ofDays(d));
      }
      return new NewToken(tenant, Scope.parseList(list), lifetime, string(o, "name"));
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
        | NumberFormatException e) {
      throw ServiceException.invalidRequest("not a token request: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalidRequest(e.getMessage());
    }
  }

  private static Optional<String> string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e == null || e.isJsonNull() ? Optional.empty() : Optional.of(e.getAsString());
  }
}
