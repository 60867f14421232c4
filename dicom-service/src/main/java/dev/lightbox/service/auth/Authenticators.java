package dev.lightbox.service.auth;

import dev.lightbox.service.ServiceException;
import java.util.List;

/** Several {@link Authenticator}s: each credential goes to the first that recognizes it. */
public final class Authenticators implements Authenticator {
  private final List<Authenticator> verifiers;

  public Authenticators(List<Authenticator> verifiers) {
    this.verifiers = List.copyOf(verifiers);
  }

  @Override
  public boolean recognizes(String credential) {
    return verifiers.stream().anyMatch(v -> v.recognizes(credential));
  }

  @Override
  public Principal fromMemory(String credential) throws AuthenticationException {
    return verifierOf(credential).fromMemory(credential);
  }

  @Override
  public Principal authenticate(String credential)
      throws AuthenticationException, ServiceException {
    return verifierOf(credential).authenticate(credential);
  }

  private Authenticator verifierOf(String credential) throws AuthenticationException {
    for (Authenticator v : verifiers) {
      if (v.recognizes(credential)) {
        return v;
      }
    }
    // No verifier knows this shape: not a Lightbox token, not a JWT (when OIDC is on).
    throw new AuthenticationException(AuthFailure.MALFORMED);
  }
}
