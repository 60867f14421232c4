package dev.lightbox.http.auth.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Which OpenID Connect issuer's JWTs are accepted, for which audience, and how its keys are
 * fetched.
 *
 * @param issuer the issuer identifier, compared exactly with the discovery document's {@code
 *     issuer} and every token's {@code iss} (OpenID Connect Discovery 1.0 section 4.3); {@code
 *     https}, or {@code http} on a loopback host only (keys fetched over plain HTTP from another
 *     machine could be swapped on the way, and whoever swaps them mints tokens)
 * @param audience a token's {@code aud} must contain this value (RFC 7519 section 4.1.3)
 * @param tenantClaim the claim naming the token's tenant (a non-empty string)
 * @param scopeClaim the claim with the token's scopes: a space-separated string (RFC 8693 section
 *     4.2) or an array of strings
 * @param connectTimeout bound on connecting to the issuer (discovery, JWKS)
 * @param readTimeout bound on each read from the issuer
 * @param clockSkew tolerance when checking {@code exp} and {@code nbf}
 * @param minRefetchInterval the JWKS (or a failed discovery) is fetched again at most this often,
 *     so tokens with made-up key ids cannot make the server hammer the issuer
 * @param keysMaxAge keys older than this are refetched before use, so a key the issuer withdrew
 *     stops being accepted
 */
public record OidcConfig(URI issuer, String audience, String tenantClaim, String scopeClaim,
    Duration connectTimeout, Duration readTimeout, Duration clockSkew,
    Duration minRefetchInterval, Duration keysMaxAge) {

  public static final String DEFAULT_TENANT_CLAIM = "tenant";
  public static final String DEFAULT_SCOPE_CLAIM = "scope";

  public OidcConfig {
    Objects.requireNonNull(issuer, "issuer");
    requireSecureIssuer("--oidc-issuer", issuer);
    if (issuer.getRawQuery() != null || issuer.getRawFragment() != null
        || issuer.getRawUserInfo() != null) {
      throw new IllegalArgumentException("--oidc-issuer must not have a query, fragment or user "
          + "info, got " + issuer);
    }
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("--oidc-audience must not be empty");
    }
    requireClaimName("--oidc-tenant-claim", tenantClaim);
    requireClaimName("--oidc-scope-claim", scopeClaim);
    for (Duration d : new Duration[] {connectTimeout, readTimeout, clockSkew, minRefetchInterval,
        keysMaxAge}) {
      Objects.requireNonNull(d, "duration");
      if (d.isNegative() || d.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("OIDC durations must be 0..24 days, got " + d);
      }
    }
    if (connectTimeout.isZero() || readTimeout.isZero()) {
      // Zero means "no timeout" to HttpURLConnection: an unresponsive issuer would hang requests.
      throw new IllegalArgumentException("OIDC connect and read timeouts must be positive");
    }
  }

  /**
   * {@code issuer} and {@code audience} with the defaults: claims {@code tenant} and {@code
   * scope}, 3 s to connect, 5 s per read, 60 s clock skew, JWKS refetched at most every 30 s and
   * at least every hour.
   *
   * @throws IllegalArgumentException not a URL, or not https and not loopback http
   */
  public static OidcConfig of(String issuer, String audience) {
    URI uri;
    try {
      uri = new URI(issuer.strip());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("--oidc-issuer is not a URL: " + issuer);
    }
    return new OidcConfig(uri, audience == null ? null : audience.strip(), DEFAULT_TENANT_CLAIM,
        DEFAULT_SCOPE_CLAIM, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(60),
        Duration.ofSeconds(30), Duration.ofHours(1));
  }

  public OidcConfig withClaims(String tenant, String scope) {
    return new OidcConfig(issuer, audience, tenant, scope, connectTimeout, readTimeout, clockSkew,
        minRefetchInterval, keysMaxAge);
  }

  public OidcConfig withTimeouts(Duration connect, Duration read) {
    return new OidcConfig(issuer, audience, tenantClaim, scopeClaim, connect, read, clockSkew,
        minRefetchInterval, keysMaxAge);
  }

  public OidcConfig withMinRefetchInterval(Duration d) {
    return new OidcConfig(issuer, audience, tenantClaim, scopeClaim, connectTimeout, readTimeout,
        clockSkew, d, keysMaxAge);
  }

  /** The issuer exactly as configured, as tokens must carry it in {@code iss}. */
  public String issuerId() {
    return issuer.toString();
  }

  /**
   * OpenID Connect Discovery 1.0 section 4: the issuer with any trailing slash removed, then
   * {@code /.well-known/openid-configuration}.
   */
  public URI discoveryUri() {
    String base = issuer.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/.well-known/openid-configuration");
  }

  /**
   * An absolute {@code https} URL, or {@code http} to {@code localhost}, {@code 127.0.0.0/8} or
   * {@code [::1]} (a local test issuer or a sidecar); names are not resolved, so DNS cannot turn
   * a remote host into a "loopback" one.
   */
  static void requireSecureIssuer(String what, URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException(what + " must be an absolute URL, got " + uri);
    }
    if (scheme.equals("https")) {
      return;
    }
    if (scheme.equals("http") && isLoopback(uri.getHost())) {
      return;
    }
    throw new IllegalArgumentException(what + " must be https (plain http only to a loopback "
        + "address), got " + uri);
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("[::1]")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static void requireClaimName(String option, String name) {
    if (name == null || !name.matches("[A-Za-z0-9_:./-]{1,128}")) {
      throw new IllegalArgumentException(option + " must be a claim name ([A-Za-z0-9_:./-], at "
          + "most 128 characters), got '" + name + "'");
    }
  }
}
