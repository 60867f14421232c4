package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link TokenStore} in the {@code tokens} table of a {@link JdbcInstanceIndex}'s database. */
final class JdbcTokenStore implements TokenStore {
  private static final String COLUMNS = "token_id, secret_hash, name, tenant, scopes, created_at, "
      + "last_used_at, expires_at, revoked_at";

  private final JdbcInstanceIndex index;

  JdbcTokenStore(JdbcInstanceIndex index) {
    this.index = index;
  }

  @Override
  public boolean insert(TokenRow row) throws StorageException {
    return index.write("insert token " + row.id(), c -> {
      // Checked first so a taken name is an answer, not a constraint-violation exception (the
      // unique constraints still decide races; the id is random).
      try (PreparedStatement p = c.prepareStatement(
          "SELECT 1 FROM tokens WHERE token_id = ? OR name = ?")) {
        p.setString(1, row.id());
        p.setString(2, row.name().orElse(""));
        try (ResultSet rs = p.executeQuery()) {
          if (rs.next()) {
            return false;
          }
        }
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO tokens (" + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        p.setString(1, row.id());
        p.setString(2, row.secretHash());
        setText(p, 3, row.name());
        p.setString(4, row.tenant());
        p.setString(5, row.scopes());
        p.setLong(6, row.createdAt().toEpochMilli());
        setTime(p, 7, row.lastUsedAt());
        setTime(p, 8, row.expiresAt());
        setTime(p, 9, row.revokedAt());
        return p.executeUpdate() == 1;
      }
    });
  }

  @Override
  public List<TokenRow> all() throws StorageException {
    return index.read("list tokens", c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
          + " FROM tokens ORDER BY created_at, token_id"); ResultSet rs = p.executeQuery()) {
        List<TokenRow> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(row(rs));
        }
        return rows;
      }
    });
  }

  @Override
  public Optional<TokenRow> findByHash(String secretHash) throws StorageException {
    return index.read("find token", c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
          + " FROM tokens WHERE secret_hash = ?")) {
        p.setString(1, secretHash);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public Optional<TokenRow> revoke(String idOrName, Instant at) throws StorageException {
    return index.write("revoke token", c -> {
      Optional<TokenRow> found = find(c, "token_id", idOrName);
      if (found.isEmpty()) {
        found = find(c, "name", idOrName);
      }
      if (found.isEmpty()) {
        return found;
      }
      TokenRow row = found.get();
      if (row.revokedAt().isPresent()) {
        return found;
      }
      try (PreparedStatement p = c.prepareStatement(
          "UPDATE tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL")) {
        p.setLong(1, at.toEpochMilli());
        p.setString(2, row.id());
        p.executeUpdate();
      }
      return Optional.of(row.withRevokedAt(at));
    });
  }

  @Override
  public void touch(Map<String, Instant> lastUsed) throws StorageException {
    if (lastUsed.isEmpty()) {
      return;
    }
    index.write("record token use", c -> {
      try (PreparedStatement p = c.prepareStatement("UPDATE tokens SET last_used_at = ? "
          + "WHERE token_id = ? AND (last_used_at IS NULL OR last_used_at < ?)")) {
        for (Map.Entry<String, Instant> e : lastUsed.entrySet()) {
          p.setLong(1, e.getValue().toEpochMilli());
          p.setString(2, e.getKey());
          p.setLong(3, e.getValue().toEpochMilli());
          p.addBatch();
        }
        p.executeBatch();
      }
      return null;
    });
  }

  private static Optional<TokenRow> find(Connection c, String column, String value)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM tokens WHERE "
        + column + " = ?")) {
      p.setString(1, value);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static TokenRow row(ResultSet rs) throws SQLException {
    return new TokenRow(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
        rs.getString(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), time(rs, 7),
        time(rs, 8), time(rs, 9));
  }

  private static Optional<Instant> time(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }

  private static void setTime(PreparedStatement p, int i, Optional<Instant> t)
      throws SQLException {
    if (t.isPresent()) {
      p.setLong(i, t.get().toEpochMilli());
    } else {
      p.setNull(i, Types.BIGINT);
    }
  }

  private static void setText(PreparedStatement p, int i, Optional<String> t) throws SQLException {
    if (t.isPresent()) {
      p.setString(i, t.get());
    } else {
      p.setNull(i, Types.VARCHAR);
    }
  }
}
