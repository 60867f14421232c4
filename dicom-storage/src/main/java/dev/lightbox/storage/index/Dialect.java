package dev.lightbox.storage.index;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.zip.CRC32;

/** The few SQL differences between the two supported databases. */
enum Dialect {
  SQLITE(""),
  POSTGRESQL(" FOR UPDATE");

  /** First key of the two-key advisory locks that guard one study's rows (PostgreSQL). */
  private static final int STUDY_LOCK_SPACE = 0x4c42_5354;

  private final String forUpdate;

  Dialect(String forUpdate) {
    this.forUpdate = forUpdate;
  }

  /** Row-lock suffix for a SELECT inside a write transaction (SQLite's writer lock covers it). */
  String forUpdate() {
    return forUpdate;
  }

  /**
   * {@code column} compared by code point, whatever the database's collation; so that orders agree
   * with Java's {@link String#compareTo} for the ASCII identifiers we sort on (SQLite's default
   * BINARY collation already does).
   */
  String binary(String column) {
    return this == POSTGRESQL ? column + " COLLATE \"C\"" : column;
  }

  /**
   * Holds the study's lock until the transaction ends. PostgreSQL: a transaction-scoped advisory
   * lock on (namespace, CRC-32 of the UID); two studies sharing a hash only wait for each other.
   * SQLite: nothing, its single writer already serialises transactions.
   */
  void lockStudy(Connection c, String studyUid) throws SQLException {
    if (this != POSTGRESQL) {
      return;
    }
    CRC32 crc = new CRC32();
    crc.update(studyUid.getBytes(StandardCharsets.US_ASCII));
    try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
      p.setInt(1, STUDY_LOCK_SPACE);
      p.setInt(2, (int) crc.getValue());
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
      }
    }
  }
}
