package dev.lightbox.http.auth.oidc;

import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.auth.AuthFailure;
import dev.lightbox.service.auth.AuthenticationException;
import dev.lightbox.service.auth.Authenticator;
import dev.lightbox.service.auth.Principal;
import dev.lightbox.service.auth.Scope;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OIDC verifier as one of the auth gate's {@link Authenticator}s: it judges the bearer
 * credentials shaped like a JWT (Lightbox's own tokens never are), and turns the issuer's verdict
 * into a {@link Principal} or the gate's refusals. Clients learn only "expired" or "not valid
 * here"; the precise reason goes to the server log (it never contains the token or claim values).
 */
public final class OidcAuthenticator implements Authenticator {
  private static final Logger LOG = Logger.getLogger(OidcAuthenticator.class.getName());

  private final OidcVerifier verifier;

  public OidcAuthenticator(OidcVerifier verifier) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  @Override
  public boolean recognizes(String credential) {
    return OidcVerifier.looksLikeJwt(credential);
  }

  @Override
  public Principal authenticate(String credential)
      throws AuthenticationException, ServiceException {
    OidcOutcome outcome = verifier.verify(credential);
    if (outcome instanceof OidcIdentity id) {
      // The verifier keeps only read, write, delete and admin ({@link OidcVerifier#SCOPES}).
      Set<Scope> scopes = EnumSet.noneOf(Scope.class);
      for (String scope : id.scopes()) {
        scopes.addAll(Scope.parseList(scope));
      }
      return new Principal(id.subject(), id.tenant(), scopes);
    }
    OidcRejection r = (OidcRejection) outcome;
    LOG.log(Level.FINE, "OIDC token refused: " + r.reason() + ": " + r.detail());
    switch (r.reason()) {
      // The issuer's keys cannot be fetched: the server's problem, never a success (503).
      case ISSUER_UNAVAILABLE -> throw new ServiceException(Failure.BUSY,
          "the OIDC issuer cannot be reached to check this token now; try again later");
      case EXPIRED -> throw new AuthenticationException(AuthFailure.EXPIRED);
      default -> throw new AuthenticationException(AuthFailure.INVALID);
    }
  }
}
