package dev.lightbox.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Reuse and its limits, on a real SQLite file, directly and through Hikari as the index uses it. */
class StatementCachingDataSourceTest {
  private static final String SELECT = "SELECT v FROM t WHERE k = ?";
  private static final String INSERT = "INSERT INTO t (k, v) VALUES (?, ?)";

  @TempDir Path dir;
  private SQLiteDataSource sqlite;
  private StatementCachingDataSource cache;

  @BeforeEach
  void database() throws SQLException {
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite = new SQLiteDataSource(cfg);
    sqlite.setUrl("jdbc:sqlite:" + dir.resolve("t.db"));
    try (Connection c = sqlite.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
      s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
    }
    cache = new StatementCachingDataSource(sqlite);
  }

  private static String value(PreparedStatement p, long k) throws SQLException {
    p.setLong(1, k);
    try (ResultSet rs = p.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void aClosedStatementIsReusedWithFreshParameters() throws SQLException {
    try (Connection c = cache.getConnection()) {
      PreparedStatement first = c.prepareStatement(SELECT);
      assertEquals("one", value(first, 1));
      first.close();
      PreparedStatement second = c.prepareStatement(SELECT);
      assertSame(first, second, "the same cached statement comes back");
      assertFalse(second.isClosed());
      assertEquals("two", value(second, 2));
      second.close();
      assertTrue(second.isClosed());
      assertThrows(SQLException.class, () -> second.setLong(1, 1), "a returned statement is closed to its user");
    }
  }

  @Test
  void theSameSqlWhileInUseGetsItsOwnStatement() throws SQLException {
    try (Connection c = cache.getConnection();
        PreparedStatement outer = c.prepareStatement(SELECT);
        PreparedStatement inner = c.prepareStatement(SELECT)) {
      assertNotSame(outer, inner);
      outer.setLong(1, 1);
      try (ResultSet rs = outer.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("two", value(inner, 2), "the nested query runs while the outer one is open");
        assertEquals("one", rs.getString(1));
      }
    }
  }

  @Test
  void anOpenResultSetIsResetWhenItsStatementIsReturned() throws SQLException {
    try (Connection reader = cache.getConnection(); Connection writer = sqlite.getConnection()) {
      PreparedStatement p = reader.prepareStatement("SELECT COUNT(*) FROM t");
      ResultSet rs = p.executeQuery();
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
      p.close(); // result set left open by its user
      assertTrue(rs.isClosed(), "returning the statement closed its result set");
      try (Statement s = writer.createStatement()) {
        s.execute("INSERT INTO t VALUES (3, 'three')");
      }
      // A snapshot still held by the unreset statement would not see the new row.
      try (PreparedStatement again = reader.prepareStatement("SELECT COUNT(*) FROM t");
          ResultSet rs2 = again.executeQuery()) {
        assertSame(p, again);
        assertTrue(rs2.next());
        assertEquals(3, rs2.getInt(1));
      }
    }
  }

  @Test
  void aStatementWithOtherStateOrAFailureIsNotReused() throws SQLException {
    try (Connection c = cache.getConnection()) {
      PreparedStatement limited = c.prepareStatement(SELECT);
      limited.setMaxRows(1);
      limited.close();
      try (PreparedStatement next = c.prepareStatement(SELECT)) {
        assertNotSame(limited, next, "a statement given a row limit is finalized, not kept");
        assertEquals(0, next.getMaxRows(), "the next user gets no limit");
      }

      PreparedStatement failing = c.prepareStatement(INSERT);
      failing.setLong(1, 1);
      failing.setString(2, "duplicate key");
      assertThrows(SQLException.class, failing::executeUpdate);
      failing.close();
      try (PreparedStatement next = c.prepareStatement(INSERT)) {
        assertNotSame(failing, next, "a statement whose call failed is finalized, not kept");
        next.setLong(1, 4);
        next.setString(2, "four");
        assertEquals(1, next.executeUpdate());
      }
    }
  }

  @Test
  void eachConnectionKeepsABoundedNumberLeastRecentlyUsedOut() throws SQLException {
    Connection c = cache.getConnection();
    int distinct = StatementCachingDataSource.MAX_PER_CONNECTION + 6;
    List<PreparedStatement> handed = new ArrayList<>();
    for (int i = 0; i < distinct; i++) {
      PreparedStatement p = c.prepareStatement("SELECT v FROM t WHERE k = ? + " + i);
      assertEquals("one", value(p, 1 - i));
      handed.add(p);
      p.close();
    }
    try (PreparedStatement newest = c.prepareStatement("SELECT v FROM t WHERE k = ? + " + (distinct - 1))) {
      assertSame(handed.get(distinct - 1), newest, "the most recently used statement is kept");
      assertEquals("one", value(newest, 2 - distinct));
    }
    try (PreparedStatement oldest = c.prepareStatement("SELECT v FROM t WHERE k = ? + 0")) {
      assertNotSame(handed.get(0), oldest, "the least recently used one was evicted");
      assertEquals("one", value(oldest, 1));
    }
    c.close();
    assertThrows(SQLException.class, () -> c.prepareStatement(SELECT));
  }

  @Test
  void throughHikariAReturnedConnectionKeepsItsStatements() throws SQLException {
    HikariConfig hc = new HikariConfig();
    hc.setDataSource(cache);
    hc.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(hc)) {
      PreparedStatement first;
      try (Connection c = pool.getConnection()) {
        PreparedStatement p = c.prepareStatement(SELECT);
        assertEquals("one", value(p, 1));
        // Hikari's statement proxy unwraps to the cache's statement
        first = p.unwrap(PreparedStatement.class);
        // not closed by its user: Hikari closes it when the connection goes back
      }
      assertTrue(first.isClosed(), "Hikari returned the statement with its connection");
      try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(SELECT)) {
        assertEquals("two", value(p, 2));
        assertSame(first, p.unwrap(PreparedStatement.class),
            "the pool's physical connection kept the compiled statement");
      }
    }
  }
}
