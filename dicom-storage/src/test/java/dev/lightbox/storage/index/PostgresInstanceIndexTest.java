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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, r, Records.DOCUMENT);
    TestPostgres.stopServer();
    try {
      long start = System.nanoTime();
      StorageException e = assertThrows(StorageException.class, () -> index.find(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid()));
      assertEquals(StorageException.Reason.UNAVAILABLE, e.reason(), e.getMessage());
      e = assertThrows(StorageException.class, () -> index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, Records.record("1.2.3.4.61", 61, T0), Records.DOCUMENT));
      assertEquals(StorageException.Reason.UNAVAILABLE, e.reason(), e.getMessage());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "fails fast, no hang");
    } finally {
      TestPostgres.startServer();
    }
    // The failed insert left nothing behind; retrying it succeeds.
    assertEquals(r, index.find(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid()).orElseThrow());
    assertEquals(1, index.count());
    assertTrue(index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, Records.record("1.2.3.4.61", 61, T0), Records.DOCUMENT).inserted());
  }
  /**
   * The upgrade of a cluster (docs/operations.md "Upgrades"): several nodes of the new version
   * start at once on a database of the previous schema version with data in it. The migration
   * runs once, under the advisory lock of {@code Migrations}; every node opens, sees every row
   * with its metadata and the study/series rows built from them, and the schema is current.
   */
  @Test
  void nodesStartingTogetherOnAVersionOneDatabaseMigrateItOnceWithTheDataIntact() throws Exception {
    index.close();
    index = null;
    List<String[]> v1 = List.of(
        new String[] {"1.2.7.1", "1.2.7", "1.2.7.10", "P7", "Upgrade^Ann", "20190102", "CT", "512", "1000"},
        new String[] {"1.2.7.2", "1.2.7", "1.2.7.11", "P7", "Upgrade^Ann", "20190102", "MR", "256", "2000"},
        new String[] {"1.2.6.1", "1.2.6", "1.2.6.10", "P6", "Upgrade^Bob", null, "US", "0", "3000"});
    try (Connection c = emptyDatabase()) {
      VersionOneDatabase.write(c, dialect(), v1);
      assertEquals(List.of(1), VersionOneDatabase.versions(c));
    }
    int nodes = 4;
    CyclicBarrier together = new CyclicBarrier(nodes);
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    List<InstanceIndex> opened = new ArrayList<>();
    try {
      List<Future<InstanceIndex>> starts = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        starts.add(pool.submit(() -> {
          together.await(30, TimeUnit.SECONDS);
          return reopenIndex();
        }));
      }
      for (Future<InstanceIndex> f : starts) {
        opened.add(f.get(60, TimeUnit.SECONDS)); // a second migration would fail (tables exist)
      }
      for (InstanceIndex node : opened) {
        assertEquals(v1.size(), node.count());
        for (String[] row : v1) {
          InstanceRecord r = node.find(InstanceIndex.DEFAULT_TENANT, row[0]).orElseThrow();
          assertEquals(row[1], r.studyInstanceUid());
          assertEquals(row[4], r.patientName());
          assertEquals(VersionOneDatabase.document(row[0]), node.metadata(InstanceIndex.DEFAULT_TENANT, row[0]).orElseThrow());
        }
        assertEquals(2, node.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(QueryLevel.STUDY)).total());
        assertEquals(3, node.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(QueryLevel.SERIES)).total());
      }
    } finally {
      pool.shutdownNow();
      for (InstanceIndex node : opened) {
        node.close();
      }
    }
    try (Connection c = DriverManager.getConnection(TestPostgres.requireUrl())) {
      List<Integer> all = new ArrayList<>();
      for (int v = 1; v <= Migrations.STEPS.size(); v++) {
        all.add(v);
      }
      assertEquals(all, VersionOneDatabase.versions(c), "every version applied exactly once");
    }
    index = reopenIndex();
  }
}
