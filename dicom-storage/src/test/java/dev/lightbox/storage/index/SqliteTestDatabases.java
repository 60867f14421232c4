package dev.lightbox.storage.index;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/** Raw access to the SQLite file an index test uses. */
final class SqliteTestDatabases {

  private SqliteTestDatabases() {}

  /** Deletes {@code dataDir/index.db} (and its WAL files) and connects to a new, empty one. */
  static Connection empty(Path dataDir) throws Exception {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(dataDir.resolve(SqliteInstanceIndex.FILE_NAME + suffix));
    }
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteInstanceIndex.FILE_NAME));
  }
}
