package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny versioned migration runner: scripts {@code 001.sql}, {@code 002.sql}, … per dialect are
 * applied in order, each in its own transaction together with its row in {@code schema_version}.
 * Statements are separated by a semicolon at the end of a line.
 */
final class Migrations {

  private static final String BASE = "/dev/lightbox/storage/index/migrations/";
  /** Arbitrary constant so concurrent PostgreSQL nodes migrate one at a time. */
  private static final long PG_LOCK_KEY = 0x4c49_4748_5442_4f58L;

  private Migrations() {}

  /** Scripts bundled with this build, in order. */
  static List<String> scripts(Dialect dialect) throws IOException {
    List<String> scripts = new ArrayList<>();
    for (int v = 1; ; v++) {
      String name = BASE + dialect.resourceDir() + "/" + String.format("%03d.sql", v);
      try (InputStream in = Migrations.class.getResourceAsStream(name)) {
        if (in == null) {
          return scripts;
        }
        scripts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  /** Brings the schema up to this build's version; returns the version now in place. */
  static int migrate(Connection c, Dialect dialect, String index) throws SQLException, StorageException {
    List<String> scripts;
    try {
      scripts = scripts(dialect);
    } catch (IOException e) {
      throw new StorageException(Reason.IO, index + ": reading bundled migrations failed", e);
    }
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
      if (current > scripts.size()) {
        throw new StorageException(Reason.IO, index + ": database schema version " + current
            + " is newer than this build's " + scripts.size() + "; upgrade Lightbox");
      }
      for (int v = current + 1; v <= scripts.size(); v++) {
        try (Statement s = c.createStatement()) {
          for (String sql : statements(scripts.get(v - 1))) {
            s.execute(sql);
          }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version(version, applied_at) VALUES (?, ?)")) {
          p.setInt(1, v);
          p.setLong(2, System.currentTimeMillis());
          p.executeUpdate();
        }
      }
      c.commit();
      return scripts.size();
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

  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.startsWith("--") || t.isEmpty()) {
        continue;
      }
      cur.append(line).append('\n');
      if (t.endsWith(";")) {
        String sql = cur.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }
}
