package dev.lightbox.http.auth;

import dev.lightbox.service.auth.Authenticator;
import dev.lightbox.service.auth.FailureLimiter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Access control settings of a server (docs/security.md).
 *
 * @param required whether every non-public route needs a credential ({@code --auth required})
 * @param insecureNoAuth the operator accepted serving a non-loopback address without auth
 * @param audit where the audit log goes; {@link Audit#OFF} only without auth
 * @param failureLimit failed authentications per client address (and token) per window
 * @param failureWindow the rate limit's window
 * @param verifiers credential verifiers tried before Lightbox tokens (an OIDC JWT verifier);
 *     each claims the credentials it recognizes
 */
public record AccessConfig(boolean required, boolean insecureNoAuth, Audit audit,
    int failureLimit, Duration failureWindow, List<Authenticator> verifiers) {

  /** Where audit lines go. */
  public record Audit(Optional<Path> file, boolean enabled) {
    public static final Audit OFF = new Audit(Optional.empty(), false);
    public static final Audit STDERR = new Audit(Optional.empty(), true);

    public static Audit toFile(Path file) {
      return new Audit(Optional.of(file), true);
    }
  }

  public AccessConfig {
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(failureWindow, "failureWindow");
    verifiers = List.copyOf(verifiers);
    if (failureLimit < 1) {
      throw new IllegalArgumentException("--auth-failure-limit must be at least 1, got "
          + failureLimit);
    }
    if (failureWindow.isNegative() || failureWindow.isZero()) {
      throw new IllegalArgumentException("--auth-failure-window-seconds must be positive");
    }
  }

  /** Authentication off, no audit log: the loopback default, and what tests get by default. */
  public static AccessConfig none() {
    return new AccessConfig(false, false, Audit.OFF, FailureLimiter.DEFAULT_LIMIT,
        FailureLimiter.DEFAULT_WINDOW, List.of());
  }

  /** Authentication required, audit to stderr, default rate limit. */
  public static AccessConfig authRequired() {
    return new AccessConfig(true, false, Audit.STDERR, FailureLimiter.DEFAULT_LIMIT,
        FailureLimiter.DEFAULT_WINDOW, List.of());
  }

  public AccessConfig withAudit(Audit a) {
    return new AccessConfig(required, insecureNoAuth, a, failureLimit, failureWindow, verifiers);
  }

  public AccessConfig withFailureLimit(int limit, Duration window) {
    return new AccessConfig(required, insecureNoAuth, audit, limit, window, verifiers);
  }

  public AccessConfig withInsecureNoAuth(boolean accepted) {
    return new AccessConfig(required, accepted, audit, failureLimit, failureWindow, verifiers);
  }

  /** Adds a verifier (e.g. OIDC) consulted for the credentials it recognizes. */
  public AccessConfig withVerifier(Authenticator verifier) {
    List<Authenticator> all = new java.util.ArrayList<>(verifiers);
    all.add(verifier);
    return new AccessConfig(required, insecureNoAuth, audit, failureLimit, failureWindow, all);
  }

  /**
   * Why serving {@code host} with these settings is refused, or empty when it is allowed: a host
   * that is not only loopback needs {@code --auth required} or {@code --insecure-no-auth}.
   */
  public Optional<String> refusal(String host) {
    if (required || insecureNoAuth || loopbackOnly(host)) {
      return Optional.empty();
    }
    return Optional.of("refusing to serve " + host + " without authentication: anyone who "
        + "can reach it could read and delete every image; pass --auth required (and create a "
        + "token with 'lightbox token create'), or --insecure-no-auth to accept the risk");
  }

  /** True when every address {@code host} names is a loopback address. */
  public static boolean loopbackOnly(String host) {
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      for (InetAddress a : all) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
