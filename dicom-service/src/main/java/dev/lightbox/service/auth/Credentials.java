package dev.lightbox.service.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Extracts the credential from an {@code Authorization} header value: the token of {@code Bearer}
 * (RFC 6750 §2.1), or the password of {@code Basic} (RFC 7617 §2; gateways and {@code curl -u}
 * that only speak Basic send the token as the password, any user name). Scheme names are
 * case-insensitive (RFC 9110 §11.1).
 */
public final class Credentials {
  /** Longer header values are refused unread (a token is 47 characters; a JWT a few KiB). */
  static final int MAX_LENGTH = 16 * 1024;

  private Credentials() {}

  /**
   * The credential carried by {@code header} (null when the request had none).
   *
   * @throws AuthenticationException MISSING without a header, MALFORMED when it cannot be read
   */
  public static String from(String header) throws AuthenticationException {
    if (header == null || header.isBlank()) {
      throw new AuthenticationException(AuthFailure.MISSING);
    }
    if (header.length() > MAX_LENGTH) {
      throw new AuthenticationException(AuthFailure.MALFORMED);
    }
    String value = header.strip();
    int space = value.indexOf(' ');
    if (space <= 0) {
      throw new AuthenticationException(AuthFailure.MALFORMED);
    }
    String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
    String rest = value.substring(space + 1).strip();
    String credential = switch (scheme) {
      case "bearer" -> rest;
      case "basic" -> basicPassword(rest);
      default -> throw new AuthenticationException(AuthFailure.MALFORMED);
    };
    if (credential.isEmpty() || !visibleAscii(credential)) {
      throw new AuthenticationException(AuthFailure.MALFORMED);
    }
    return credential;
  }

  private static String basicPassword(String encoded) throws AuthenticationException {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException(AuthFailure.MALFORMED);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new AuthenticationException(AuthFailure.MALFORMED);
    }
    return decoded.substring(colon + 1);
  }

  /** token68 and JWTs are visible ASCII; anything else is not a credential we issue or accept. */
  private static boolean visibleAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }
}
