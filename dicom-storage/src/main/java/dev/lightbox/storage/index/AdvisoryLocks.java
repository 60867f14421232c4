package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.blob.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * Exclusive work across every node sharing one PostgreSQL database: {@code pg_try_advisory_lock}
 * on a connection opened for the purpose (outside the pool, so the work can still use every pooled
 * connection) and held until the work ends. Closing that connection releases the lock even if the
 * explicit unlock fails. The 64-bit key is the first 8 bytes of SHA-256 of the lock name.
 */
final class AdvisoryLocks implements ExclusiveLocks {

  /** Opens a new, unpooled connection. */
  @FunctionalInterface
  interface ConnectionFactory {
    Connection open() throws SQLException;
  }

  private final ConnectionFactory connections;
  private final String description;

  AdvisoryLocks(ConnectionFactory connections, String description) {
    this.connections = connections;
    this.description = description;
  }

  @Override
  public <T> Optional<T> tryRun(String lockName, InstanceIndex.ExclusiveWork<T> work) throws StorageException {
    long key = key(lockName);
    Connection c;
    try {
      c = connections.open();
    } catch (SQLException e) {
      throw SqlFailures.translate(description, "tryExclusive " + lockName, e);
    }
    try (c) {
      if (!call(c, "SELECT pg_try_advisory_lock(?)", key)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Objects.requireNonNull(work.run(), "exclusive work returned null"));
      } finally {
        try {
          call(c, "SELECT pg_advisory_unlock(?)", key);
        } catch (SQLException ignored) {
          // closing the session below releases the lock anyway
        }
      }
    } catch (SQLException e) {
      throw SqlFailures.translate(description, "tryExclusive " + lockName, e);
    }
  }

  private static boolean call(Connection c, String sql, long key) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setLong(1, key);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  static long key(String lockName) {
    byte[] digest = Sha256.newDigest().digest(lockName.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest, 0, 8).getLong();
  }
}
