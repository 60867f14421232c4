package dev.lightbox.service.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The one-way form in which token secrets are stored and looked up: SHA-256 of the secret's
 * bytes, base64url without padding. A plain hash suffices (no salt, no slow KDF) because the
 * secrets are 256-bit random values, not passwords: there is nothing to guess from a dictionary.
 */
final class SecretHash {
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  });

  private SecretHash() {}

  static String of(String secret) {
    MessageDigest d = SHA256.get();
    d.reset();
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(d.digest(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** Compares two hashes in time independent of where they differ. */
  static boolean same(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII),
        b.getBytes(StandardCharsets.US_ASCII));
  }
}
