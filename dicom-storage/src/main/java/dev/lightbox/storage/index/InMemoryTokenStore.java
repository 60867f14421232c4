package dev.lightbox.storage.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TokenStore} in memory, for services built over an index that is not a database
 * (tests' in-memory and fault-injecting indexes). Tokens are lost when the process ends.
 */
public final class InMemoryTokenStore implements TokenStore {
  private final Map<String, TokenRow> byId = new LinkedHashMap<>();

  @Override
  public synchronized boolean insert(TokenRow row) {
    boolean taken = byId.containsKey(row.id()) || (row.name().isPresent()
        && byId.values().stream().anyMatch(r -> r.name().equals(row.name())));
    if (!taken) {
      byId.put(row.id(), row);
    }
    return !taken;
  }

  @Override
  public synchronized List<TokenRow> all() {
    return new ArrayList<>(byId.values());
  }

  @Override
  public synchronized Optional<TokenRow> findByHash(String secretHash) {
    return byId.values().stream().filter(r -> r.secretHash().equals(secretHash)).findFirst();
  }

  @Override
  public synchronized Optional<TokenRow> revoke(String idOrName, Instant at) {
    TokenRow row = byId.get(idOrName);
    if (row == null) {
      row = byId.values().stream().filter(r -> r.name().equals(Optional.of(idOrName)))
          .findFirst().orElse(null);
    }
    if (row == null) {
      return Optional.empty();
    }
    if (row.revokedAt().isEmpty()) {
      row = row.withRevokedAt(at);
      byId.put(row.id(), row);
    }
    return Optional.of(row);
  }

  @Override
  public synchronized void touch(Map<String, Instant> lastUsed) {
    lastUsed.forEach((id, at) -> byId.computeIfPresent(id, (k, r) ->
        r.lastUsedAt().map(t -> t.isBefore(at)).orElse(true) ? r.withLastUsedAt(at) : r));
  }
}
