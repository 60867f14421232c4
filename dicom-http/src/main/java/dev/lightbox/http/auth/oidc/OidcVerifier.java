package dev.lightbox.http.auth.oidc;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.lightbox.http.auth.oidc.OidcRejection.Reason;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies JWT bearer tokens issued by one OpenID Connect issuer (RFC 7519, RFC 7515; the access
 * token profile of RFC 9068 without requiring its {@code typ}): signature with a key from the
 * issuer's JWKS (RS256 or ES256 only, the algorithm fixed by the key's type, never by the token
 * alone), then {@code iss}, {@code aud}, {@code exp} and {@code nbf} (with the configured clock
 * skew), {@code sub} and the tenant claim. Keys named in the token itself ({@code jwk}, {@code
 * jku}, {@code x5u}, {@code x5c}) are ignored. Thread-safe; one instance per server.
 *
 * <p>Transport-free: the HTTP auth gate hands it the bearer string and maps the outcome.
 */
public final class OidcVerifier {
  /** The Lightbox scopes a token's scope claim can grant. */
  public static final Set<String> SCOPES = Set.of("read", "write", "delete", "admin");

  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256,
      JWSAlgorithm.ES256);
  /** Tokens above this size are refused before any parsing (real ones are 1-2 KiB). */
  private static final int MAX_TOKEN_CHARS = 16 * 1024;
  private static final Pattern JWT_SHAPE = Pattern.compile(
      "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  private static final Pattern PRINTABLE = Pattern.compile("[\\p{Graph} ]{1,256}");

  private final OidcConfig config;
  private final Clock clock;
  private final IssuerKeys keys;
  private final VerifiedTokens verified = new VerifiedTokens();

  public OidcVerifier(OidcConfig config) {
    this(config, Clock.systemUTC());
  }

  /** With a clock (tests: expiry, refetch intervals). */
  public OidcVerifier(OidcConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.keys = new IssuerKeys(config, clock);
  }

  /**
   * True when a bearer credential has the shape of a JWS compact serialization (three base64url
   * parts separated by dots); the gate sends those here and every other bearer string to the
   * token store. Lightbox's own (opaque) tokens must never have this shape.
   */
  public static boolean looksLikeJwt(String bearer) {
    return bearer != null && bearer.length() <= MAX_TOKEN_CHARS
        && JWT_SHAPE.matcher(bearer).matches();
  }

  public OidcConfig config() {
    return config;
  }

  /**
   * Fetches the discovery document and JWKS now, so a wrong issuer URL shows at start-up.
   *
   * @return empty when the keys were fetched, else why not (the server logs it and starts anyway;
   *     the verifier retries when tokens arrive)
   */
  public java.util.Optional<String> prefetch() {
    try {
      keys.prefetch();
      return java.util.Optional.empty();
    } catch (IssuerKeys.UnavailableException e) {
      return java.util.Optional.of(e.getMessage());
    }
  }

  /** Number of discovery/JWKS fetch attempts so far (tests: rotation, rate limit). */
  int fetchAttempts() {
    return keys.fetches();
  }

  /** Tokens answered from the cache of recent acceptances (tests). */
  long cacheHits() {
    return verified.hits();
  }

  /**
   * Verifies {@code token}; never throws for any input. A token accepted within the last minute
   * is answered from a cache (until it expires), without checking its signature again.
   */
  public OidcOutcome verify(String token) {
    if (!looksLikeJwt(token)) {
      return reject(Reason.MALFORMED, "not a compact JWS (three base64url parts)");
    }
    Instant now = clock.instant();
    OidcIdentity known = verified.get(token, now);
    if (known != null) {
      return known;
    }
    return verifyUncached(token, now);
  }

  private OidcOutcome verifyUncached(String token, Instant now) {
    int dot = token.indexOf('.');
    Header header;
    try {
      header = Header.parse(new Base64URL(token.substring(0, dot)));
    } catch (ParseException e) {
      return reject(Reason.MALFORMED, "header is not a JOSE header");
    }
    // Checked before anything else: "none" has no signature to check, and an HMAC token would be
    // checked with the issuer's public key as the shared secret (key confusion).
    if (!(header instanceof JWSHeader jws) || !ALGORITHMS.contains(jws.getAlgorithm())) {
      return reject(Reason.UNSUPPORTED_ALGORITHM, "alg " + header.getAlgorithm()
          + " (accepted: RS256, ES256)");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return reject(Reason.MALFORMED, "not a signed JWT");
    }
    List<JWK> candidates;
    try {
      candidates = keys.candidates(jws.getAlgorithm(), jws.getKeyID());
    } catch (IssuerKeys.UnavailableException e) {
      return reject(Reason.ISSUER_UNAVAILABLE, e.getMessage());
    }
    if (candidates.isEmpty()) {
      return reject(Reason.UNKNOWN_KEY, "no " + jws.getAlgorithm() + " key with kid '"
          + printable(jws.getKeyID()) + "' in the issuer's JWKS");
    }
    if (!verifiesWithAny(jwt, candidates)) {
      return reject(Reason.BAD_SIGNATURE, "signature does not verify with the issuer's key");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return reject(Reason.MALFORMED, "claims set is not a JSON object");
    }
    OidcOutcome outcome = checkClaims(claims, now);
    if (outcome instanceof OidcIdentity id) { // accepted tokens always have an exp
      verified.put(token, id, claims.getExpirationTime().toInstant().plus(config.clockSkew()),
          now);
    }
    return outcome;
  }

  private OidcOutcome checkClaims(JWTClaimsSet claims, Instant now) {
    if (!config.issuerId().equals(claims.getIssuer())) {
      return reject(Reason.WRONG_ISSUER, "iss is not the configured issuer");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(config.audience())) {
      return reject(Reason.WRONG_AUDIENCE, "aud does not contain the configured audience");
    }
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      return reject(Reason.MISSING_CLAIM, "no exp claim");
    }
    if (!now.isBefore(exp.toInstant().plus(config.clockSkew()))) {
      return reject(Reason.EXPIRED, "expired at " + exp.toInstant());
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.isBefore(nbf.toInstant().minus(config.clockSkew()))) {
      return reject(Reason.NOT_YET_VALID, "not valid before " + nbf.toInstant());
    }
    String subject = claims.getSubject();
    if (subject == null || subject.isEmpty()) {
      return reject(Reason.MISSING_CLAIM, "no sub claim");
    }
    Object tenant = claims.getClaim(config.tenantClaim());
    // Longer than the index keeps (InstanceIndex.MAX_TENANT_LENGTH) is no usable tenant either:
    // refused here rather than cut, so two long claims can never share a tenant.
    if (!(tenant instanceof String t) || !PRINTABLE.matcher(t).matches() || t.isBlank()
        || t.length() > dev.lightbox.storage.index.InstanceIndex.MAX_TENANT_LENGTH) {
      return reject(Reason.MISSING_TENANT, "claim '" + config.tenantClaim()
          + "' is absent, not a string, empty, unprintable or longer than "
          + dev.lightbox.storage.index.InstanceIndex.MAX_TENANT_LENGTH + " characters");
    }
    return new OidcIdentity(subject, t, scopes(claims.getClaim(config.scopeClaim())));
  }

  /** Scopes from a space-separated string or an array of strings; unknown names dropped. */
  private static Set<String> scopes(Object claim) {
    Collection<?> names;
    if (claim instanceof String s) {
      names = Arrays.asList(s.split(" "));
    } else if (claim instanceof Collection<?> c) {
      names = c;
    } else {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (Object n : names) {
      if (n instanceof String name && SCOPES.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  private static boolean verifiesWithAny(SignedJWT jwt, List<JWK> candidates) {
    for (JWK key : candidates) {
      try {
        JWSVerifier verifier;
        if (key instanceof RSAKey rsa) {
          if (rsa.size() < 2048) {
            continue; // RFC 7518 section 3.3: RSA keys of 2048 bits or more
          }
          verifier = new RSASSAVerifier(rsa);
        } else {
          verifier = new ECDSAVerifier((ECKey) key);
        }
        if (jwt.verify(verifier)) {
          return true;
        }
      } catch (JOSEException | IllegalStateException e) {
        // an unusable key or a signature of the wrong length: try the next candidate
      }
    }
    return false;
  }

  private static String printable(String s) {
    if (s == null) {
      return "(none)";
    }
    String p = s.replaceAll("[^\\p{Graph}]", "?");
    return p.length() > 64 ? p.substring(0, 64) + "..." : p;
  }

  private static OidcRejection reject(Reason reason, String detail) {
    return new OidcRejection(reason, detail);
  }
}
