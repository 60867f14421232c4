package dev.lightbox.http.auth.oidc;

import java.util.Objects;
import java.util.Set;

/**
 * Who a verified OIDC token speaks for.
 *
 * @param subject the token's {@code sub}, unique at the issuer (what the audit log records)
 * @param tenant the value of the configured tenant claim
 * @param scopes the Lightbox scopes the token grants, a subset of {@link OidcVerifier#SCOPES};
 *     other scopes the issuer put in the token ({@code openid}, {@code profile}, ...) are dropped
 */
public record OidcIdentity(String subject, String tenant, Set<String> scopes)
    implements OidcOutcome {
  public OidcIdentity {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tenant, "tenant");
    scopes = Set.copyOf(scopes);
  }
}
