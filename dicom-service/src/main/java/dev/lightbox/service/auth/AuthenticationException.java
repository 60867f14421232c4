package dev.lightbox.service.auth;

import java.util.Objects;
import java.util.Optional;

/** A credential was missing or refused; transports answer it (HTTP: 401, docs/security.md). */
public final class AuthenticationException extends Exception {
  private final AuthFailure failure;
  private final Optional<String> subject;

  public AuthenticationException(AuthFailure failure) {
    this(failure, Optional.empty());
  }

  /** @param subject the token id (or OIDC subject) when the credential names a known one */
  public AuthenticationException(AuthFailure failure, Optional<String> subject) {
    super(failure.detail(), null, false, false); // expected outcome: no stack trace to fill
    this.failure = Objects.requireNonNull(failure, "failure");
    this.subject = Objects.requireNonNull(subject, "subject");
  }

  public AuthFailure failure() {
    return failure;
  }

  /** The token id or subject the refused credential belongs to, when known (expired, revoked). */
  public Optional<String> subject() {
    return subject;
  }
}
