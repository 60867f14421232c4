package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/** Translates JDBC failures into {@link StorageException}s whose reason says what failed. */
final class SqlFailures {

  // SQLite primary result codes (sqlite.org/rescode.html).
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;

  private SqlFailures() {}

  /**
   * True for a connection the server closed under us (PostgreSQL 57P01-57P03 admin shutdown/crash,
   * SQL-standard class 08 connection exception), as opposed to "could not get a connection".
   */
  static boolean isStaleConnection(SQLException e) {
    if (e instanceof SQLTransientConnectionException) {
      return false; // the pool already waited its full timeout
    }
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("57P0"));
  }

  static StorageException translate(String index, String op, SQLException e) {
    Reason reason = reasonOf(e);
    String what = switch (reason) {
      case UNAVAILABLE -> "failed: database unavailable";
      case TIMEOUT -> "timed out: database busy";
      case FULL -> "failed: database out of space";
      default -> "failed";
    };
    return new StorageException(StorageException.Store.INDEX, reason,
        index + ": " + op + " " + what + ": " + e.getMessage(), e);
  }

  private static Reason reasonOf(SQLException e) {
    if (e instanceof SQLTransientConnectionException) {
      return Reason.UNAVAILABLE; // HikariCP: no connection could be had within connectionTimeout
    }
    if (e instanceof SQLTimeoutException) {
      return Reason.TIMEOUT;
    }
    String state = e.getSQLState();
    if (state != null) {
      // PostgreSQL error codes, Appendix A of its manual; class 08 is SQL-standard connection exception.
      if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
        return Reason.UNAVAILABLE;
      }
      if (state.equals("57014") || state.equals("55P03") || state.equals("40P01")) {
        return Reason.TIMEOUT;
      }
      if (state.equals("53100")) {
        return Reason.FULL;
      }
      if (state.startsWith("53")) {
        return Reason.UNAVAILABLE;
      }
    }
    if (e.getClass().getName().startsWith("org.sqlite.")) {
      switch (e.getErrorCode() & 0xff) {
        case SQLITE_BUSY, SQLITE_LOCKED:
          return Reason.TIMEOUT;
        case SQLITE_FULL:
          return Reason.FULL;
        case SQLITE_CANTOPEN:
          return Reason.UNAVAILABLE;
        case SQLITE_IOERR:
          return Reason.IO;
        default:
          break;
      }
    }
    return Reason.IO;
  }
}
