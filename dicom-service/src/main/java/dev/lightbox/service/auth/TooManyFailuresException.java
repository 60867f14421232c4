package dev.lightbox.service.auth;

import java.time.Duration;

/** A client (address or token) failed authentication too often; refused until the wait ends. */
public final class TooManyFailuresException extends Exception {
  private final Duration retryAfter;

  public TooManyFailuresException(Duration retryAfter) {
    super("too many failed authentications from this client; retry in "
        + Math.max(1, retryAfter.toSeconds()) + " s", null, false, false);
    this.retryAfter = retryAfter;
  }

  /** How long the client must wait; at least a second. */
  public Duration retryAfter() {
    return retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter;
  }
}
