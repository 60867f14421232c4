package dev.lightbox.service.auth;

import dev.lightbox.service.Failure;
import dev.lightbox.service.Failures;
import dev.lightbox.service.ServiceException;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.index.TokenRow;
import dev.lightbox.storage.index.TokenStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Access tokens: creating (the secret is returned once and only its hash is stored), listing and
 * revoking, over the token table of the index database, so every node sharing the index sees the
 * same tokens. Transport-free: the command line and the server both use it. Verification is
 * {@link #authenticator()}.
 */
public final class TokenService implements AutoCloseable {
  /** Every secret starts with this, so a leaked one is recognisable (secret scanners, logs). */
  public static final String SECRET_PREFIX = "lbx_";
  /** Every token id starts with this. */
  public static final String ID_PREFIX = "tok_";

  /** A created token: the secret (shown once, never stored) and what is stored about it. */
  public record Created(String secret, TokenInfo info) {}

  private final TokenStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final TokenAuthenticator authenticator;
  private ScheduledExecutorService refreshing;

  public TokenService(TokenStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.authenticator = new TokenAuthenticator(store, clock);
  }

  /**
   * Creates a token: a 256-bit random secret, {@code lbx_} + base64url; a 64-bit random id.
   *
   * @throws ServiceException CONFLICT when the name is taken
   */
  public Created create(NewToken request) throws ServiceException {
    byte[] secretBytes = new byte[32];
    random.nextBytes(secretBytes);
    String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(secretBytes);
    byte[] idBytes = new byte[8];
    random.nextBytes(idBytes);
    String id = ID_PREFIX + HexFormat.of().formatHex(idBytes);
    Instant now = clock.instant();
    TokenRow row = new TokenRow(id, SecretHash.of(secret), request.name(), request.tenant(),
        Scope.format(request.scopes()), now, Optional.empty(),
        request.lifetime().map(now::plus), Optional.empty());
    try {
      if (!store.insert(row)) {
        throw new ServiceException(Failure.CONFLICT, "a token named '"
            + request.name().orElse(id) + "' already exists");
      }
    } catch (StorageException e) {
      throw Failures.translate(e);
    }
    return new Created(secret, TokenInfo.of(row));
  }

  /** Every token, revoked and expired ones included, oldest first. */
  public List<TokenInfo> list() throws ServiceException {
    try {
      return store.all().stream().map(TokenInfo::of).toList();
    } catch (StorageException e) {
      throw Failures.translate(e);
    }
  }

  /**
   * Revokes the token with this id, or else this name; it stops working on this node at once and
   * on every other node within {@link TokenAuthenticator#REFRESH}. Empty when there is no such
   * token.
   */
  public Optional<TokenInfo> revoke(String idOrName) throws ServiceException {
    Optional<TokenInfo> revoked;
    try {
      revoked = store.revoke(idOrName, clock.instant()).map(TokenInfo::of);
    } catch (StorageException e) {
      throw Failures.translate(e);
    }
    synchronized (this) {
      if (refreshing != null && revoked.isPresent()) {
        authenticator.refresh(); // this node refuses it at once, not at the next reload
      }
    }
    return revoked;
  }

  /** The verifier of this service's tokens. */
  public TokenAuthenticator authenticator() {
    return authenticator;
  }

  /**
   * Loads the tokens now and then reloads them every {@link TokenAuthenticator#REFRESH} on a
   * daemon thread, until {@link #close}. Servers that check tokens call it; the command line
   * does not need it.
   */
  public synchronized void startRefreshing() {
    if (refreshing != null) {
      return;
    }
    authenticator.refresh();
    refreshing = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lightbox-tokens");
      t.setDaemon(true);
      return t;
    });
    long ms = TokenAuthenticator.REFRESH.toMillis();
    refreshing.scheduleWithFixedDelay(authenticator::refresh, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (refreshing != null) {
      refreshing.shutdownNow();
      refreshing = null;
    }
  }
}
