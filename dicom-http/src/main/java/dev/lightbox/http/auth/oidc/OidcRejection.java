package dev.lightbox.http.auth.oidc;

import java.util.Objects;

/**
 * A token the verifier refused. The detail is for the server log and never contains the token or
 * claim values (they can carry personal data); clients should only learn "invalid token".
 */
public record OidcRejection(Reason reason, String detail) implements OidcOutcome {
  public OidcRejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  /** Why; every reason but {@link #ISSUER_UNAVAILABLE} is the client's fault (401). */
  public enum Reason {
    /** Not three base64url parts, oversized, or a header or claims set that is not JSON. */
    MALFORMED,
    /** {@code alg} other than RS256 or ES256: {@code none}, HMAC (key confusion), others. */
    UNSUPPORTED_ALGORITHM,
    /** No key of the issuer's JWKS has the token's {@code kid} (even after a refetch). */
    UNKNOWN_KEY,
    /** The signature does not verify with the issuer's key. */
    BAD_SIGNATURE,
    WRONG_ISSUER,
    WRONG_AUDIENCE,
    /** {@code exp} is in the past (beyond the clock skew). */
    EXPIRED,
    /** {@code nbf} is in the future (beyond the clock skew). */
    NOT_YET_VALID,
    /** A required registered claim ({@code sub}, {@code exp}) is absent. */
    MISSING_CLAIM,
    /** The configured tenant claim is absent, not a string, empty or unprintable. */
    MISSING_TENANT,
    /**
     * The issuer's discovery document or JWKS could not be fetched (unreachable, timeout, not
     * JSON) and no cached keys apply: the server's problem, not the client's (503 fits).
     */
    ISSUER_UNAVAILABLE
  }
}
