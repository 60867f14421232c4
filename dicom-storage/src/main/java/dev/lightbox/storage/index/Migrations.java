package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A tiny versioned migration runner: the pending steps below are applied in order, in one
 * transaction together with their rows in {@code schema_version} (a failure leaves the database
 * at its old version). The same steps serve SQLite and PostgreSQL.
 *
 * <p>To add an indexed attribute: declare it in {@link IndexedAttribute} with {@code since} = the
 * next version, and append {@code new AddAttributesMigration(thatVersion)} here.
 */
final class Migrations {

  /** Step {@code i} brings the schema to version {@code i + 1}. */
  static final List<Migration> STEPS = List.of(
      new SqlScriptMigration("001.sql"),
      new StudySeriesMigration(),
      new SqlScriptMigration("003.sql"),
      new TenantMigration());

  /** Arbitrary constant so concurrent PostgreSQL nodes migrate one at a time. */
  private static final long PG_LOCK_KEY = 0x4c49_4748_5442_4f58L;

  private Migrations() {}

  /** Brings the schema up to this build's version; returns the version now in place. */
  static int migrate(Connection c, Dialect dialect, String index) throws SQLException, StorageException {
    return migrate(c, dialect, index, STEPS.size());
  }

  /** Brings the schema up to {@code target} (tests build older databases with it). */
  static int migrate(Connection c, Dialect dialect, String index, int target) throws SQLException, StorageException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      if (dialect == Dialect.POSTGRESQL) {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT pg_advisory_xact_lock(" + PG_LOCK_KEY + ")");
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
            + "version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
      }
      int current = currentVersion(c);
      if (current > STEPS.size()) {
        throw new StorageException(Reason.IO, index + ": database schema version " + current
            + " is newer than this build's " + STEPS.size() + "; upgrade Lightbox");
      }
      for (int v = current + 1; v <= target; v++) {
        try {
          STEPS.get(v - 1).apply(c, dialect);
        } catch (IOException e) {
          throw new StorageException(Reason.IO, index + ": migration to schema version " + v + " failed: " + e, e);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version(version, applied_at) VALUES (?, ?)")) {
          p.setInt(1, v);
          p.setLong(2, System.currentTimeMillis());
          p.executeUpdate();
        }
      }
      c.commit();
      return Math.max(current, target);
    } catch (SQLException | StorageException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}
