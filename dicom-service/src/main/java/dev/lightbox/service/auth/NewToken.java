package dev.lightbox.service.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A token to create.
 *
 * @param tenant the tenant it acts in: 1-64 of letters, digits, {@code . _ -}, starting with a
 *     letter or digit
 * @param scopes at least one
 * @param lifetime how long it is valid; empty: until revoked
 * @param name optional unique label (same rules as a tenant; may not look like a token id)
 */
public record NewToken(String tenant, Set<Scope> scopes, Optional<Duration> lifetime,
    Optional<String> name) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public NewToken {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(lifetime, "lifetime");
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(tenant).matches()) {
      throw new IllegalArgumentException("tenant must be 1-64 letters, digits, '.', '_' or '-', "
          + "starting with a letter or digit; got '" + tenant + "'");
    }
    if (scopes == null || scopes.isEmpty()) {
      throw new IllegalArgumentException("a token needs at least one scope");
    }
    scopes = Set.copyOf(scopes);
    if (lifetime.isPresent() && (lifetime.get().isNegative() || lifetime.get().isZero())) {
      throw new IllegalArgumentException("a token's lifetime must be positive");
    }
    if (name.isPresent()) {
      String n = name.get();
      if (!NAME.matcher(n).matches()) {
        throw new IllegalArgumentException("name must be 1-64 letters, digits, '.', '_' or '-', "
            + "starting with a letter or digit; got '" + n + "'");
      }
      if (n.startsWith(TokenService.ID_PREFIX)) {
        throw new IllegalArgumentException("a name may not start with '" + TokenService.ID_PREFIX
            + "' (token ids do; revoke takes either)");
      }
    }
  }
}
