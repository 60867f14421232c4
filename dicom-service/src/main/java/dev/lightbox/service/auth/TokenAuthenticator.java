package dev.lightbox.service.auth;

import dev.lightbox.service.Failures;
import dev.lightbox.service.ServiceException;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.index.TokenRow;
import dev.lightbox.storage.index.TokenStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies Lightbox tokens ({@code lbx_…}) against the token table, from memory on the hot path.
 *
 * <p>Every {@link #REFRESH} the whole table is reloaded into a snapshot (hash to token), so a
 * token revoked on any node sharing the index stops working here within that interval plus the
 * reload time. A token not in the snapshot (created since the last reload, on any node) is looked
 * up in the index by hash on a worker thread and kept until the next reload; hashes the index
 * does not have are remembered until then too, so repeating an unknown token does not hit the
 * database every time. When reloads keep failing (database down) the snapshot goes stale after
 * {@link #MAX_STALE}; from then on every request is checked against the database, which fails
 * closed (503) while it is unreachable. Tokens are found by the SHA-256 of the secret, then the
 * stored and computed hashes are compared with {@link java.security.MessageDigest#isEqual}.
 *
 * <p>Last-use times are collected in memory and written at the next reload (so {@code token
 * list} is accurate to about the reload interval, and a request never waits for a write).
 */
public final class TokenAuthenticator implements Authenticator {
  private static final System.Logger LOG = System.getLogger(TokenAuthenticator.class.getName());
  /** How often the snapshot is reloaded, and so the most a revocation can be late. */
  public static final Duration REFRESH = Duration.ofSeconds(2);
  /** A snapshot older than this is not trusted (reloads failing): every request asks the index. */
  public static final Duration MAX_STALE = Duration.ofSeconds(10);
  /** Bound on remembered unknown hashes between reloads (memory an attacker can make us use). */
  private static final int MAX_ABSENT = 10_000;

  private record Entry(TokenRow row, Principal principal) {
    static Entry of(TokenRow row) {
      return new Entry(row, new Principal(row.id(), row.tenant(), Scope.parseList(row.scopes())));
    }
  }

  private record Snapshot(Map<String, Entry> byHash, long loadedNanos) {}

  private final TokenStore store;
  private final Clock clock;
  private volatile Snapshot snapshot = new Snapshot(Map.of(), System.nanoTime() - Long.MAX_VALUE / 2);
  private final Map<String, Entry> found = new ConcurrentHashMap<>();
  private final Set<String> absent = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> used = new ConcurrentHashMap<>();

  TokenAuthenticator(TokenStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public boolean recognizes(String credential) {
    return credential.startsWith(TokenService.SECRET_PREFIX);
  }

  @Override
  public Principal fromMemory(String credential) throws AuthenticationException {
    Memo m = MEMO.get();
    if (m != null && m.snapshot() == snapshot && fresh(m.snapshot())
        && sameText(m.credential(), credential)) {
      return usable(m.entry());
    }
    return fromMemory(credential, SecretHash.of(credential));
  }

  private static boolean fresh(Snapshot s) {
    return System.nanoTime() - s.loadedNanos() <= MAX_STALE.toNanos();
  }

  /** Equal texts, in time that depends only on the lengths (secrets have one fixed length). */
  private static boolean sameText(String a, String b) {
    int diff = a.length() ^ b.length();
    for (int i = 0, n = Math.min(a.length(), b.length()); i < n; i++) {
      diff |= a.charAt(i) ^ b.charAt(i);
    }
    return diff == 0;
  }

  /**
   * The last credential each thread judged from memory, with the snapshot it was judged against.
   * An event-loop thread sees the same client's token request after request (keep-alive), so the
   * SHA-256 is computed once per snapshot instead of per request. Valid only while the snapshot is
   * the same object, so a revocation is seen as soon as without it; the credential is compared in
   * constant time, so the memo cannot be probed for another client's secret.
   */
  private record Memo(String credential, Snapshot snapshot, Entry entry) {}

  private static final ThreadLocal<Memo> MEMO = new ThreadLocal<>();

  private Principal fromMemory(String credential, String hash) throws AuthenticationException {
    Snapshot s = snapshot;
    if (!fresh(s)) {
      return null;
    }
    Entry e = s.byHash().get(hash);
    if (e == null) {
      e = found.get(hash);
    }
    if (e == null) {
      if (absent.contains(hash)) {
        throw new AuthenticationException(AuthFailure.UNKNOWN);
      }
      return null;
    }
    Principal p = check(e, hash);
    MEMO.set(new Memo(credential, s, e)); // only after the hash matched and the token is usable
    return p;
  }

  @Override
  public Principal authenticate(String credential)
      throws AuthenticationException, ServiceException {
    String hash = SecretHash.of(credential);
    Principal known = fromMemory(credential, hash);
    if (known != null) {
      return known;
    }
    Optional<TokenRow> row;
    try {
      row = store.findByHash(hash);
    } catch (StorageException e) {
      throw Failures.translate(e);
    }
    if (row.isEmpty()) {
      if (absent.size() < MAX_ABSENT) {
        absent.add(hash);
      }
      throw new AuthenticationException(AuthFailure.UNKNOWN);
    }
    Entry e = Entry.of(row.get());
    found.put(hash, e);
    return check(e, hash);
  }

  private Principal check(Entry e, String hash) throws AuthenticationException {
    if (!SecretHash.same(e.row().secretHash(), hash)) {
      throw new AuthenticationException(AuthFailure.UNKNOWN);
    }
    return usable(e);
  }

  /** The entry's principal unless it is revoked or expired now; records its use. */
  private Principal usable(Entry e) throws AuthenticationException {
    TokenRow row = e.row();
    if (row.revokedAt().isPresent()) {
      throw new AuthenticationException(AuthFailure.REVOKED, Optional.of(row.id()));
    }
    Instant now = clock.instant();
    if (row.expiresAt().isPresent() && !now.isBefore(row.expiresAt().get())) {
      throw new AuthenticationException(AuthFailure.EXPIRED, Optional.of(row.id()));
    }
    if (!used.containsKey(row.id())) {
      used.put(row.id(), now);
    }
    return e.principal();
  }

  /**
   * Reloads the snapshot from the index and writes the collected last-use times. A failure keeps
   * the old snapshot (until it is {@link #MAX_STALE}) and is logged.
   */
  public void refresh() {
    try {
      if (!used.isEmpty()) {
        Map<String, Instant> batch = new HashMap<>(used);
        batch.keySet().forEach(used::remove);
        store.touch(batch);
      }
      Map<String, Entry> byHash = new HashMap<>();
      long started = System.nanoTime();
      for (TokenRow row : store.all()) {
        byHash.put(row.secretHash(), Entry.of(row));
      }
      snapshot = new Snapshot(Map.copyOf(byHash), started);
      found.clear();
      absent.clear();
    } catch (StorageException | RuntimeException e) {
      LOG.log(Level.WARNING, "reloading the access tokens failed (kept the last ones, for at most "
          + MAX_STALE.toSeconds() + " s): " + e.getMessage());
    }
  }
}
