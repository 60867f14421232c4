package dev.lightbox.http.auth.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Identities of tokens verified recently, so a client sending the same JWT with every request pays
 * for the signature check once a minute instead of every time (measured with nimbus on the 2-core
 * machine: RS256 about 0.14 ms, ES256 about 2 ms per token; docs/security.md "OIDC"). Keyed by the
 * SHA-256 of the whole token, so the cache holds no token and only byte-identical tokens hit. An
 * entry lives until the earlier of its token's expiry (plus skew) and {@link #TTL}, which also
 * bounds how long a key the issuer withdrew keeps working. Only acceptances are kept. Bounded:
 * when full, expired entries are dropped, and if that is not enough, all of them.
 */
final class VerifiedTokens {
  static final java.time.Duration TTL = java.time.Duration.ofSeconds(60);
  static final int MAX_ENTRIES = 4096;

  private record Entry(OidcIdentity identity, Instant until) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong hits = new AtomicLong();

  /** The cached identity of {@code token} if it is still valid at {@code now}. */
  OidcIdentity get(String token, Instant now) {
    String key = key(token);
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (!now.isBefore(e.until())) {
      entries.remove(key, e);
      return null;
    }
    hits.incrementAndGet();
    return e.identity();
  }

  /** Remembers {@code identity} for {@code token} until {@code expiry} or {@code now + TTL}. */
  void put(String token, OidcIdentity identity, Instant expiry, Instant now) {
    Instant until = now.plus(TTL).isBefore(expiry) ? now.plus(TTL) : expiry;
    if (entries.size() >= MAX_ENTRIES) {
      entries.values().removeIf(e -> !now.isBefore(e.until()));
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
    }
    entries.put(key(token), new Entry(identity, until));
  }

  long hits() {
    return hits.get();
  }

  private static String key(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return Base64.getEncoder().encodeToString(sha.digest(
          token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
