package dev.lightbox.storage.index;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored access token: everything but the secret, of which only its hash is kept.
 *
 * @param id public identifier, shown by {@code token list} and written to the audit log
 * @param secretHash hash of the secret (the service decides the function; SHA-256, base64url)
 * @param name optional label, unique when present
 * @param tenant the tenant the token acts in
 * @param scopes comma-separated scope names
 * @param lastUsedAt when a request last authenticated with it (coarse: see TokenStore#touch)
 */
public record TokenRow(String id, String secretHash, Optional<String> name, String tenant,
    String scopes, Instant createdAt, Optional<Instant> lastUsedAt, Optional<Instant> expiresAt,
    Optional<Instant> revokedAt) {

  public TokenRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(secretHash, "secretHash");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(scopes, "scopes");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(revokedAt, "revokedAt");
  }

  public TokenRow withRevokedAt(Instant at) {
    return new TokenRow(id, secretHash, name, tenant, scopes, createdAt, lastUsedAt, expiresAt,
        Optional.of(at));
  }

  public TokenRow withLastUsedAt(Instant at) {
    return new TokenRow(id, secretHash, name, tenant, scopes, createdAt, Optional.of(at),
        expiresAt, revokedAt);
  }
}
