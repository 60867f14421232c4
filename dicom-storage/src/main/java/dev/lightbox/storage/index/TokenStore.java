package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Access tokens kept in the index database, so every node sharing the index (PostgreSQL) sees
 * the same tokens. Rows are never deleted: a revoked token stays listed with its revocation time.
 */
public interface TokenStore {

  /** Stores a new token; false (nothing stored) when its id or name is already taken. */
  boolean insert(TokenRow row) throws StorageException;

  /** Every token, revoked ones included, in creation order. */
  List<TokenRow> all() throws StorageException;

  /** The token whose secret has this hash, or empty. */
  Optional<TokenRow> findByHash(String secretHash) throws StorageException;

  /**
   * Marks the token whose id, or else whose name, is {@code idOrName} revoked at {@code at}
   * (an already revoked token keeps its first revocation time). Returns the token, or empty.
   */
  Optional<TokenRow> revoke(String idOrName, Instant at) throws StorageException;

  /** Records last-use times by token id; a stored later time is kept. */
  void touch(Map<String, Instant> lastUsed) throws StorageException;
}
