package dev.lightbox.service.auth;

/** Why a request's credential was refused; every one is answered alike (HTTP 401). */
public enum AuthFailure {
  /** No credential at all. */
  MISSING("no credentials: send Authorization: Bearer <token>"),
  /** A credential whose syntax is wrong (unknown scheme, bad Basic encoding, not a token). */
  MALFORMED("malformed Authorization header: send Authorization: Bearer <token>"),
  /** Well-formed, but no such token (or a signature that does not verify). */
  UNKNOWN("unknown token"),
  /** The token's expiry has passed. */
  EXPIRED("the token has expired"),
  /** The token was revoked. */
  REVOKED("the token has been revoked"),
  /** A verifier refused it for another reason (e.g. wrong audience of a JWT). */
  INVALID("the token is not valid here");

  private final String detail;

  AuthFailure(String detail) {
    this.detail = detail;
  }

  /** What the client is told: the reason, never anything about other tokens. */
  public String detail() {
    return detail;
  }
}
