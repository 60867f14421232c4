package dev.lightbox.http;

import dev.lightbox.http.auth.oidc.OidcConfig;
import dev.lightbox.http.tls.TlsMaterial;
import java.util.Objects;
import java.util.Optional;

/**
 * Transport security and external identity (issue 14): kept apart from {@link ServerConfig} so
 * the token/gate settings can join it without touching every {@code ServerConfig} copy method.
 *
 * @param tls the certificate and key when the listener serves HTTPS; empty: plain HTTP
 * @param oidc the OpenID Connect issuer whose JWTs are accepted as bearer tokens; empty: none
 */
public record SecurityConfig(Optional<TlsMaterial> tls, Optional<OidcConfig> oidc) {
  public SecurityConfig {
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(oidc, "oidc");
  }

  /** Plain HTTP, no OIDC. */
  public static SecurityConfig none() {
    return new SecurityConfig(Optional.empty(), Optional.empty());
  }

  public SecurityConfig withTls(TlsMaterial material) {
    return new SecurityConfig(Optional.of(material), oidc);
  }

  public SecurityConfig withOidc(OidcConfig config) {
    return new SecurityConfig(tls, Optional.of(config));
  }
}
