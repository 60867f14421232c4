package dev.lightbox.http.auth;

import dev.lightbox.service.ServiceConfig;
import dev.lightbox.service.Services;
import dev.lightbox.service.auth.NewToken;
import dev.lightbox.service.auth.Scope;
import dev.lightbox.storage.index.JdbcInstanceIndex;
import dev.lightbox.storage.index.TokenRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Tokens for the access tests, created in the data directory's index before the server starts
 * (through the same service the {@code token} command uses), plus one already expired, written
 * directly with the hash computed here (SHA-256, base64url: the documented stored form).
 */
final class AuthFixture {
  /** A token's secret and id. */
  record Token(String secret, String id) {}

  final Token full;
  final Token readOnly;
  final Token writeOnly;
  final Token revoked;
  final Token expired;
  /** Every scope, in another tenant ("globex"): sees none of acme's instances. */
  final Token otherTenant;

  AuthFixture(ServiceConfig config) throws Exception {
    try (Services.Tokens tokens = Services.openTokens(config)) {
      full = create(tokens, "acme", "read,write,delete,admin", "full");
      readOnly = create(tokens, "acme", "read", "reader");
      writeOnly = create(tokens, "acme", "write", "writer");
      revoked = create(tokens, "acme", "read,write,delete,admin", "revoked");
      otherTenant = create(tokens, "globex", "read,write,delete,admin", "other-tenant");
      tokens.service().revoke("revoked");
      String secret = "lbx_" + "E".repeat(43);
      Instant past = Instant.now().minus(Duration.ofDays(2));
      ((JdbcInstanceIndex) tokens.index()).tokens().insert(new TokenRow("tok_00000000000000e1",
          sha256(secret), Optional.of("expired"), "acme", "read,write,delete,admin", past,
          Optional.empty(), Optional.of(past.plus(Duration.ofDays(1))), Optional.empty()));
      expired = new Token(secret, "tok_00000000000000e1");
    }
  }

  private static Token create(Services.Tokens tokens, String tenant, String scopes, String name)
      throws Exception {
    var c = tokens.service().create(new NewToken(tenant, Scope.parseList(scopes),
        Optional.empty(), Optional.of(name)));
    return new Token(c.secret(), c.info().id());
  }

  static String sha256(String secret) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest
        .getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
  }

  static String bearer(Token t) {
    return "Bearer " + t.secret();
  }
}
