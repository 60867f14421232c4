package dev.lightbox.service.auth;

import dev.lightbox.service.ServiceException;

/**
 * Turns a bearer credential (the token text of {@code Authorization: Bearer}, or the password of
 * HTTP Basic) into a {@link Principal}, or refuses it with a typed {@link AuthFailure}. Lightbox's
 * own tokens are verified by {@link TokenAuthenticator}; other verifiers (an OIDC JWT verifier)
 * plug in beside it through {@link Authenticators}, each claiming the credentials it
 * {@link #recognizes}.
 */
public interface Authenticator {

  /** True when this verifier is the one to judge {@code credential} (by its shape alone). */
  boolean recognizes(String credential);

  /**
   * The outcome when it is known without blocking I/O (a cached token), else null: the caller
   * then calls {@link #authenticate} where blocking is allowed. Lets transports answer from an
   * event-loop thread. The default knows nothing in advance.
   *
   * @throws AuthenticationException when the credential is known to be refused
   */
  default Principal fromMemory(String credential) throws AuthenticationException {
    return null;
  }

  /**
   * Verifies {@code credential}, possibly with blocking I/O (database, key download).
   *
   * @throws AuthenticationException when it is refused
   * @throws ServiceException when it cannot be checked now (database unavailable): never
   *     treated as a success
   */
  Principal authenticate(String credential) throws AuthenticationException, ServiceException;
}
