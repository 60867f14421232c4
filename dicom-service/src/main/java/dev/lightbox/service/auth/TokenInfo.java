package dev.lightbox.service.auth;

import dev.lightbox.storage.index.TokenRow;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** What may be shown about a token (by {@code token list}): everything but its secret and hash. */
public record TokenInfo(String id, Optional<String> name, String tenant, Set<Scope> scopes,
    Instant created, Optional<Instant> lastUsed, Optional<Instant> expires,
    Optional<Instant> revoked) {

  static TokenInfo of(TokenRow row) {
    return new TokenInfo(row.id(), row.name(), row.tenant(), Scope.parseList(row.scopes()),
        row.createdAt(), row.lastUsedAt(), row.expiresAt(), row.revokedAt());
  }

  /** Usable now: neither revoked nor expired at {@code now}. */
  public boolean active(Instant now) {
    return revoked.isEmpty() && expires.map(now::isBefore).orElse(true);
  }
}
