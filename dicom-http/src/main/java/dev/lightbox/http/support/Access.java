package dev.lightbox.http.support;

import dev.lightbox.service.auth.Scope;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may call a route, declared with the route in {@link Router} (docs/security.md): open to
 * anyone, or needing an authenticated credential with one scope. The auth gate reads it from the
 * router for every request, so no route can exist without a rule.
 */
public enum Access {
  /** No credential needed: health, the viewer's static files, the OpenAPI document. */
  PUBLIC(null),
  /** Every GET/HEAD of stored data. */
  READ(Scope.READ),
  /** Uploads, STOW-RS, sending to DICOM peers. */
  WRITE(Scope.WRITE),
  /** Deleting instances. */
  DELETE(Scope.DELETE),
  /** Metrics and token management. */
  ADMIN(Scope.ADMIN);

  private final Scope scope;

  Access(Scope scope) {
    this.scope = scope;
  }

  /** The scope a credential needs; empty for {@link #PUBLIC}. */
  public Optional<Scope> scope() {
    return Optional.ofNullable(scope);
  }

  /** The name in docs/openapi.yaml's {@code x-lightbox-access}: public, read, write, … */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
