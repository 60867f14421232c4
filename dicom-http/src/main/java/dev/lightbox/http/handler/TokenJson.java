package dev.lightbox.http.handler;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lightbox.service.auth.Scope;
import dev.lightbox.service.auth.TokenInfo;
import java.time.Instant;
import java.util.Optional;

/** A token as the token routes show it: everything but the secret (docs/security.md). */
final class TokenJson {
  private TokenJson() {}

  static JsonObject of(TokenInfo t, Instant now) {
    JsonObject o = new JsonObject();
    o.addProperty("id", t.id());
    o.addProperty("name", t.name().orElse(null));
    o.addProperty("tenant", t.tenant());
    JsonArray scopes = new JsonArray();
    t.scopes().stream().sorted().map(Scope::label).forEach(scopes::add);
    o.add("scopes", scopes);
    o.addProperty("created", t.created().toString());
    o.addProperty("lastUsed", time(t.lastUsed()));
    o.addProperty("expires", time(t.expires()));
    o.addProperty("revoked", time(t.revoked()));
    o.addProperty("state", t.revoked().isPresent() ? "revoked"
        : t.active(now) ? "active" : "expired");
    return o;
  }

  private static String time(Optional<Instant> t) {
    return t.map(Instant::toString).orElse(null);
  }
}
