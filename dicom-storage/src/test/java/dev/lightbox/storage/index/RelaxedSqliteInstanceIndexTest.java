package dev.lightbox.storage.index;

import dev.lightbox.storage.Durability;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The index contract holds unchanged with synchronous=NORMAL (Durability.RELAXED). */
class RelaxedSqliteInstanceIndexTest extends InstanceIndexContract {
  @TempDir Path dataDir;

  @Override
  protected InstanceIndex openIndex() throws Exception {
    return SqliteInstanceIndex.open(dataDir, Durability.RELAXED);
  }

  @Override
  protected InstanceIndex reopenIndex() throws Exception {
    return SqliteInstanceIndex.open(dataDir, Durability.RELAXED);
  }
}
