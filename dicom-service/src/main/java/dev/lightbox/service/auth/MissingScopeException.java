package dev.lightbox.service.auth;

import java.util.Objects;

/** An authenticated principal lacks the scope an operation needs (HTTP: 403). */
public final class MissingScopeException extends Exception {
  private final Scope scope;

  public MissingScopeException(Scope scope, Principal principal) {
    super("this operation needs the '" + scope.label() + "' scope; the credential has "
        + (principal.scopes().isEmpty() ? "none" : "'" + Scope.format(principal.scopes()) + "'"),
        null, false, false);
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  /** The scope that was missing. */
  public Scope scope() {
    return scope;
  }
}
