package dev.lightbox.http.auth.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The issuer's signing keys: the discovery document read once for its {@code jwks_uri}, the JWKS
 * cached, fetched again when it is older than {@link OidcConfig#keysMaxAge} or a token names a key
 * id it does not have (the issuer rotated its keys), but never more often than {@link
 * OidcConfig#minRefetchInterval}: a flood of tokens with invented key ids costs the issuer one
 * request per interval. Every fetch has bounded connect and read timeouts and a size limit.
 *
 * <p>Thread-safe: concurrent requests share one fetch instead of starting their own.
 */
final class IssuerKeys {
  private static final System.Logger LOG = System.getLogger(IssuerKeys.class.getName());
  /** Discovery documents and key sets are a few KiB; anything this big is not one. */
  private static final int MAX_DOCUMENT_BYTES = 256 * 1024;

  /** The issuer could not be reached or answered nonsense; the message says which and why. */
  static final class UnavailableException extends Exception {
    UnavailableException(String message) {
      super(message);
    }
  }

  private final OidcConfig config;
  private final Clock clock;
  private final ResourceRetriever http;
  private final Object lock = new Object(); // guards the fields below; never held during I/O
  private URL jwksUri;
  private JWKSet keys;
  private Instant fetchedAt;
  private Instant lastAttempt;
  private String lastFailure;
  private int fetches;
  /** The fetch in progress, completed when it ends (either way); null when none runs. */
  private CompletableFuture<Void> inFlight;

  IssuerKeys(OidcConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.http = new DefaultResourceRetriever((int) config.connectTimeout().toMillis(),
        (int) config.readTimeout().toMillis(), MAX_DOCUMENT_BYTES);
  }

  /**
   * The issuer's public keys usable for {@code alg} with key id {@code kid} (all usable ones when
   * {@code kid} is null). The JWKS is fetched first when none is cached, it is too old, or no key
   * has {@code kid}, as far as the refetch interval allows. One fetch at a time, outside the lock:
   * a request that can do with the keys already cached (even too old ones) does not wait for it;
   * one that cannot waits for its end, which the fetch's own timeouts bound.
   *
   * @throws UnavailableException no keys are cached and the issuer could not be reached
   */
  List<JWK> candidates(JWSAlgorithm alg, String kid) throws UnavailableException {
    Instant now = clock.instant();
    CompletableFuture<Void> fetch;
    boolean mine = false;
    synchronized (lock) {
      boolean stale = keys == null || now.isAfter(fetchedAt.plus(config.keysMaxAge()));
      List<JWK> found = keys == null ? List.of() : select(alg, kid);
      if (!stale && (!found.isEmpty() || kid == null)) {
        return found;
      }
      if (inFlight == null && fetchAllowed(now)) {
        inFlight = new CompletableFuture<>();
        mine = true;
      }
      fetch = inFlight;
      if (fetch == null || (!mine && !found.isEmpty())) {
        if (keys == null) {
          throw new UnavailableException(lastFailure);
        }
        return found;
      }
    }
    if (mine) {
      fetch(fetch, now);
    } else {
      await(fetch);
    }
    synchronized (lock) {
      if (keys == null) {
        throw new UnavailableException(lastFailure);
      }
      return select(alg, kid);
    }
  }

  /** Fetches discovery (if needed) and the JWKS now; for start-up, so misconfiguration shows. */
  void prefetch() throws UnavailableException {
    Instant now = clock.instant();
    CompletableFuture<Void> fetch;
    boolean mine = false;
    synchronized (lock) {
      if (inFlight == null && fetchAllowed(now)) {
        inFlight = new CompletableFuture<>();
        mine = true;
      }
      fetch = inFlight;
    }
    if (mine) {
      fetch(fetch, now);
    } else if (fetch != null) {
      await(fetch);
    }
    synchronized (lock) {
      if (keys == null || lastFailure != null) {
        throw new UnavailableException(lastFailure == null ? "no keys yet" : lastFailure);
      }
    }
  }

  /** How many fetch attempts were made (discovery and JWKS count as one); for tests. */
  int fetches() {
    synchronized (lock) {
      return fetches;
    }
  }

  private boolean fetchAllowed(Instant now) {
    return lastAttempt == null || !now.isBefore(lastAttempt.plus(config.minRefetchInterval()));
  }

  /** Runs the fetch {@code done} stands for; failures keep the previous keys and are logged. */
  private void fetch(CompletableFuture<Void> done, Instant now) {
    URL uri;
    synchronized (lock) {
      lastAttempt = now;
      fetches++;
      uri = jwksUri;
    }
    try {
      if (uri == null) {
        uri = discover();
      }
      JWKSet fetched = fetchKeys(uri);
      synchronized (lock) {
        jwksUri = uri;
        keys = fetched;
        fetchedAt = now;
        lastFailure = null;
      }
    } catch (UnavailableException | RuntimeException e) {
      String why = e instanceof UnavailableException ? e.getMessage()
          : "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
      boolean hadKeys;
      synchronized (lock) {
        lastFailure = why;
        hadKeys = keys != null;
      }
      LOG.log(Level.WARNING, "OIDC: " + why + (hadKeys ? "; keeping the keys fetched before" : ""));
    } finally {
      synchronized (lock) {
        inFlight = null;
      }
      done.complete(null);
    }
  }

  /** Waits for another request's fetch; it ends by itself within its connect and read timeouts. */
  private void await(CompletableFuture<Void> fetch) {
    long bound = config.connectTimeout().plus(config.readTimeout()).multipliedBy(3).toMillis();
    try {
      fetch.get(bound, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // decided below from what is cached
    }
  }

  private URL discover() throws UnavailableException {
    URI where = config.discoveryUri();
    Map<String, Object> doc;
    try {
      doc = JSONObjectUtils.parse(get(where));
    } catch (ParseException e) {
      throw new UnavailableException("discovery document " + where + " is not a JSON object");
    }
    Object issuer = doc.get("issuer");
    if (!config.issuerId().equals(issuer)) {
      // Discovery 1.0 section 4.3: must be identical, or tokens could name another issuer.
      throw new UnavailableException("discovery document " + where + " names issuer '" + issuer
          + "', not the configured '" + config.issuerId() + "'");
    }
    if (!(doc.get("jwks_uri") instanceof String jwks)) {
      throw new UnavailableException("discovery document " + where + " has no jwks_uri");
    }
    try {
      URI uri = new URI(jwks);
      OidcConfig.requireSecureIssuer("jwks_uri", uri);
      return uri.toURL();
    } catch (java.net.URISyntaxException | IllegalArgumentException | IOException e) {
      throw new UnavailableException("discovery document " + where + ": unusable jwks_uri ("
          + e.getMessage() + ")");
    }
  }

  private JWKSet fetchKeys(URL where) throws UnavailableException {
    String body;
    try {
      body = get(where.toURI());
    } catch (java.net.URISyntaxException e) {
      throw new UnavailableException("unusable jwks_uri " + where);
    }
    try {
      return JWKSet.parse(body);
    } catch (ParseException e) {
      throw new UnavailableException("JWKS " + where + " is not a JSON Web Key Set");
    }
  }

  private String get(URI uri) throws UnavailableException {
    try {
      return http.retrieveResource(uri.toURL()).getContent();
    } catch (IOException e) {
      throw new UnavailableException("cannot fetch " + uri + " (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + ")");
    }
  }

  /**
   * Public signing keys that fit {@code alg}: RSA for RS256, EC P-256 for ES256 (so a key can
   * never be used with another algorithm than its own type's), with a matching {@code use} and
   * {@code alg} when the JWKS states them.
   */
  private List<JWK> select(JWSAlgorithm alg, String kid) {
    return keys.getKeys().stream()
        .filter(k -> kid == null || kid.equals(k.getKeyID()))
        .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
        .filter(k -> k.getAlgorithm() == null || alg.equals(k.getAlgorithm()))
        .filter(k -> JWSAlgorithm.RS256.equals(alg) ? k instanceof RSAKey
            : k instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()))
        .map(JWK::toPublicJWK)
        .toList();
  }
}
