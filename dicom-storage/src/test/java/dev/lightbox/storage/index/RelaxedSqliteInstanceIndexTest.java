package dev.lightbox.storage.index;

import dev.lightbox.storage.Durability;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.io.TempDir;

/** The index contract holds unchanged with synchronous=NORMAL (Durability.RELAXED). */
class RelaxedSqliteInstanceIndexTest extends IndexQueryContract {
  @TempDir Path dataDir;

  @Override
  protected InstanceIndex openIndex() throws Exception {
    return SqliteInstanceIndex.open(dataDir, Durability.RELAXED);
  }

  @Override
  protected InstanceIndex reopenIndex() throws Exception {
    return SqliteInstanceIndex.open(dataDir, Durability.RELAXED);
  }

  @Override
  protected Connection emptyDatabase() throws Exception {
    return SqliteTestDatabases.empty(dataDir);
  }

  @Override
  protected Dialect dialect() {
    return Dialect.SQLITE;
  }
}
