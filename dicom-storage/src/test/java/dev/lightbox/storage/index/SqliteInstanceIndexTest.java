package dev.lightbox.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteInstanceIndexTest extends IndexQueryContract {

  @TempDir Path dataDir;

  @Override
  protected InstanceIndex openIndex() throws Exception {
    return SqliteInstanceIndex.open(dataDir);
  }

  @Override
  protected InstanceIndex reopenIndex() throws Exception {
    return SqliteInstanceIndex.open(dataDir);
  }

  @Override
  protected Connection emptyDatabase() throws Exception {
    return SqliteTestDatabases.empty(dataDir);
  }

  @Override
  protected Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Test
  void theDatabaseIsOneWalModeFileUnderTheDataDirectory() throws Exception {
    Path file = dataDir.resolve("index.db");
    assertTrue(Files.isRegularFile(file));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertEquals("wal", rs.getString(1));
      }
      try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
        rs.next();
        assertEquals(Migrations.STEPS.size(), rs.getInt(1));
      }
    }
  }

  @Test
  void aSchemaNewerThanThisBuildIsRefused() throws Exception {
    index.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("index.db"));
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO schema_version(version, applied_at) VALUES (99, 0)");
    }
    StorageException e = assertThrows(StorageException.class, () -> SqliteInstanceIndex.open(dataDir));
    assertTrue(e.getMessage().contains("99"), e.getMessage());
    index = SqliteInstanceIndex.openFile(dataDir.resolve("other.db"), Duration.ofSeconds(1));
  }

  @Test
  void anUnopenableDatabaseIsATypedFailure() throws Exception {
    Path notADir = Files.writeString(dataDir.resolve("plain-file"), "x");
    StorageException e = assertThrows(StorageException.class,
        () -> SqliteInstanceIndex.openFile(notADir.resolve("index.db"), Duration.ofMillis(500)));
    assertTrue(e.getMessage().contains("sqlite:"), e.getMessage());
  }
}
