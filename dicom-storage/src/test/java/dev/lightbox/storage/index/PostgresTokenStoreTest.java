package dev.lightbox.storage.index;

import dev.lightbox.storage.testing.TestPostgres;
import java.time.Duration;

/** The contract against the real PostgreSQL started by scripts/postgres-test-cluster.sh. */
class PostgresTokenStoreTest extends TokenStoreContract {
  private JdbcInstanceIndex index;

  @Override
  protected TokenStore open() throws Exception {
    String url = TestPostgres.requireUrl();
    TestPostgres.dropAll(url);
    index = PostgresInstanceIndex.open(PostgresConfig.of(url)
        .withConnectionTimeout(Duration.ofSeconds(2)));
    return index.tokens();
  }

  @Override
  protected void closeStore() {
    if (index != null) {
      index.close();
    }
  }
}
