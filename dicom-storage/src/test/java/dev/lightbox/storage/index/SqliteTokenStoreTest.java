package dev.lightbox.storage.index;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTokenStoreTest extends TokenStoreContract {
  @TempDir Path dir;
  private JdbcInstanceIndex index;

  @Override
  protected TokenStore open() throws Exception {
    index = SqliteInstanceIndex.open(dir);
    return index.tokens();
  }

  @Override
  protected void closeStore() {
    index.close();
  }
}
