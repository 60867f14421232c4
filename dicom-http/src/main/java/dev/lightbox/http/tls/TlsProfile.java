package dev.lightbox.http.tls;

import io.undertow.Undertow;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Sequence;

/**
 * What the HTTPS listener offers: TLS 1.3 and 1.2 only, forward-secret AEAD cipher suites only
 * (the "modern"/"intermediate" intersection of common server guidance: ECDHE with AES-GCM or
 * ChaCha20-Poly1305), HTTP/1.1 (no ALPN for h2, since HTTP/2 is off server-wide). The JDK also
 * disables TLS 1.0/1.1 by default, but {@code java.security} can re-enable them; the explicit list
 * here does not follow such a change.
 */
public final class TlsProfile {
  private TlsProfile() {}

  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** In order of preference; the ones the running JDK lacks are dropped. */
  public static final List<String> CIPHER_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256",
      "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** The cipher suites of {@link #CIPHER_SUITES} that {@code tls}'s context supports. */
  public static List<String> cipherSuites(TlsMaterial tls) {
    Set<String> supported = Set.copyOf(Arrays.asList(
        tls.sslContext().getSupportedSSLParameters().getCipherSuites()));
    return CIPHER_SUITES.stream().filter(supported::contains).toList();
  }

  /**
   * The listener for {@code host:port}: HTTPS with this profile when {@code tls} is present,
   * plain HTTP otherwise. With TLS there is no plain-HTTP listener at all (see docs/security.md,
   * "TLS": a redirect would come after the client already sent its credentials in clear).
   */
  public static Undertow.ListenerBuilder listener(int port, String host,
      Optional<TlsMaterial> tls) {
    Undertow.ListenerBuilder listener = new Undertow.ListenerBuilder().setPort(port).setHost(host);
    if (tls.isEmpty()) {
      return listener.setType(Undertow.ListenerType.HTTP);
    }
    return listener.setType(Undertow.ListenerType.HTTPS)
        .setSslContext(tls.get().sslContext())
        .setOverrideSocketOptions(OptionMap.builder()
            .set(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(PROTOCOLS))
            .set(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(cipherSuites(tls.get())))
            .getMap());
  }
}
