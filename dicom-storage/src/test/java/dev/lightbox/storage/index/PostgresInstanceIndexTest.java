package dev.lightbox.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The contract against the real PostgreSQL started by scripts/postgres-test-cluster.sh. */
class PostgresInstanceIndexTest extends IndexQueryContract {

  private static PostgresConfig config(String url) {
    return PostgresConfig.of(url).withConnectionTimeout(Duration.ofSeconds(2));
  }

  @Override
  protected InstanceIndex openIndex() throws Exception {
    String url = TestPostgres.requireUrl();
    TestPostgres.dropAll(url);
    return PostgresInstanceIndex.open(config(url));
  }

  @Override
  protected InstanceIndex reopenIndex() throws Exception {
    return PostgresInstanceIndex.open(config(TestPostgres.requireUrl()));
  }

  @Override
  protected Connection emptyDatabase() throws Exception {
    String url = TestPostgres.requireUrl();
    TestPostgres.dropAll(url);
    return DriverManager.getConnection(url);
  }

  @Override
  protected Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Test
  void descriptionsNeverCarryTheCredentials() {
    assertFalse(index.describe().contains("password"), index.describe());
    assertTrue(index.describe().startsWith("postgresql://127.0.0.1:"), index.describe());
  }

  @Test
  void aClosedPortIsUnavailable() throws Exception {
    StorageException e = assertThrows(StorageException.class, () -> PostgresInstanceIndex.open(
        config("jdbc:postgresql://127.0.0.1:1/lightbox_test?user=x&password=y")));
    assertEquals(StorageException.Reason.UNAVAILABLE, e.reason(), e.getMessage());
  }

  @Test
  void aStoppedServerIsUnavailableAndRetriesWorkOnceItIsBack() throws Exception {
    TestPostgres.requireControllable();
    InstanceRecord r = Records.record("1.2.3.4.60", 60, T0);
    index.insertIfAbsent(r, Records.DOCUMENT);
    TestPostgres.stopServer();
    try {
      long start = System.nanoTime();
      StorageException e = assertThrows(StorageException.class, () -> index.find(r.sopInstanceUid()));
      assertEquals(StorageException.Reason.UNAVAILABLE, e.reason(), e.getMessage());
      e = assertThrows(StorageException.class, () -> index.insertIfAbsent(Records.record("1.2.3.4.61", 61, T0), Records.DOCUMENT));
      assertEquals(StorageException.Reason.UNAVAILABLE, e.reason(), e.getMessage());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "fails fast, no hang");
    } finally {
      TestPostgres.startServer();
    }
    // The failed insert left nothing behind; retrying it succeeds.
    assertEquals(r, index.find(r.sopInstanceUid()).orElseThrow());
    assertEquals(1, index.count());
    assertTrue(index.insertIfAbsent(Records.record("1.2.3.4.61", 61, T0), Records.DOCUMENT).inserted());
  }
}
