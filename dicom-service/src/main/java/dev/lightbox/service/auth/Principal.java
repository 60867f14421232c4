package dev.lightbox.service.auth;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who a request acts as, once its credential is verified: the same shape whatever verified it
 * (a Lightbox token, or an OIDC JWT through another {@link Authenticator}).
 *
 * @param subject the token id, or the OIDC subject; written to the audit log, never a secret
 * @param tenant the tenant whose data the request may see ({@link #DEFAULT_TENANT} without auth)
 * @param scopes what the request may do
 */
public record Principal(String subject, String tenant, Set<Scope> scopes) {
  /** The tenant of everything stored while authentication is off. */
  public static final String DEFAULT_TENANT = "default";

  public Principal {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tenant, "tenant");
    scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
  }

  /** Every request when authentication is off ({@code --auth none}): all scopes, default tenant. */
  public static Principal anonymous() {
    return ANONYMOUS;
  }

  private static final Principal ANONYMOUS = new Principal("anonymous", DEFAULT_TENANT,
      EnumSet.allOf(Scope.class));

  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }
}
