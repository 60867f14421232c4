package dev.lightbox.http.auth;

import dev.lightbox.http.support.Router;
import dev.lightbox.service.auth.Authenticator;
import dev.lightbox.service.auth.Authenticators;
import dev.lightbox.service.auth.FailureLimiter;
import dev.lightbox.service.auth.TokenService;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The running form of an {@link AccessConfig}: the verifiers (configured ones such as OIDC
 * first, then Lightbox tokens), the failed-authentication limiter and the audit log, which it
 * owns and closes. {@link #gate} puts the {@link AuthGate} in front of a handler.
 */
public final class AccessControl implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AccessControl.class.getName());
  private final boolean required;
  private final Authenticator verifier;
  private final FailureLimiter limiter;
  private final AuditLog audit;

  private AccessControl(boolean required, Authenticator verifier, FailureLimiter limiter,
      AuditLog audit) {
    this.required = required;
    this.verifier = verifier;
    this.limiter = limiter;
    this.audit = audit;
  }

  /** No authentication and no audit log (tests, and {@code --auth none} without a log). */
  public static AccessControl off() {
    return new AccessControl(false, new Authenticators(List.of()),
        new FailureLimiter(FailureLimiter.DEFAULT_LIMIT, FailureLimiter.DEFAULT_WINDOW), null);
  }

  /**
   * Opens the audit log and, when authentication is required, starts reloading {@code tokens}'
   * snapshot (so revocations reach this node within seconds).
   */
  public static AccessControl open(AccessConfig config, TokenService tokens) throws IOException {
    AuditLog audit = config.audit().enabled() ? AuditLog.open(config.audit()) : null;
    List<Authenticator> verifiers = new ArrayList<>(config.verifiers());
    verifiers.add(tokens.authenticator());
    if (config.required()) {
      tokens.startRefreshing();
      warnWithoutTokens(tokens);
    }
    return new AccessControl(config.required(), new Authenticators(verifiers),
        new FailureLimiter(config.failureLimit(), config.failureWindow()), audit);
  }

  /** A server that needs tokens but has none refuses everything: say so once, at start. */
  private static void warnWithoutTokens(TokenService tokens) {
    try {
      java.time.Instant now = java.time.Instant.now();
      if (tokens.list().stream().noneMatch(t -> t.active(now))) {
        LOG.log(System.Logger.Level.WARNING, "--auth required but no active token exists: every "
            + "request except /health and the viewer's files will get 401; create one with "
            + "'lightbox token create --tenant NAME --scope read'");
      }
    } catch (dev.lightbox.service.ServiceException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot list the tokens: " + e.getMessage());
    }
  }

  /** {@code next} behind the auth gate, with access rules read from {@code router}. */
  public HttpHandler gate(HttpHandler next, Router router) {
    return new AuthGate(next, router, required, verifier, limiter, audit);
  }

  public boolean required() {
    return required;
  }

  @Override
  public void close() {
    if (audit != null) {
      audit.close();
    }
  }
}
