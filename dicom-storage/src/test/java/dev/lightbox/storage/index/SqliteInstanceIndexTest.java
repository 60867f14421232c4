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

  /** PRAGMA synchronous as the connection a transaction of that kind runs on reports it. */
  private static int synchronous(Connection c) throws java.sql.SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void leasesCommitWithoutAnFsyncAndRowsWithOne() throws Exception {
    JdbcInstanceIndex jdbc = (JdbcInstanceIndex) index;
    // SQLite: 1 = NORMAL (in WAL mode no fsync at commit), 2 = FULL (the WAL fsynced at commit).
    assertEquals(1, jdbc.writeLease("probe", SqliteInstanceIndexTest::synchronous));
    assertEquals(2, jdbc.write("probe", SqliteInstanceIndexTest::synchronous));
  }

  @Test
  void aNewInstancesLeaseIsReleasedByItsRowTransaction() throws Exception {
    InstanceRecord r = Records.instance("7.1.1", "7.1", "7.1.10", HierarchyContract.CT_IMAGE, 1, T0,
        HierarchyContract.values());
    index.acquireBlobLease(r.blobKey(), T0.plusSeconds(3600));
    InsertOutcome o = index.insertAllIfAbsentReleasingLeases(java.util.List.of(InstanceIndex.DEFAULT_TENANT),
        java.util.List.of(r), java.util.List.of("{}")).get(0);
    assertTrue(o.inserted());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("index.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT inflight FROM blob_refs WHERE blob_key = '"
            + r.blobKey() + "'")) {
      assertTrue(rs.next());
      assertEquals(0, rs.getInt(1), "lease released with the row");
    }
    // Not inserted (the SOP Instance UID is taken): the lease stays for the caller to decide.
    index.acquireBlobLease(r.blobKey(), T0.plusSeconds(3600));
    assertTrue(!index.insertAllIfAbsentReleasingLeases(java.util.List.of(InstanceIndex.DEFAULT_TENANT),
        java.util.List.of(r), java.util.List.of("{}")).get(0).inserted());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("index.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT inflight FROM blob_refs WHERE blob_key = '"
            + r.blobKey() + "'")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1), "lease kept when the row was not inserted");
    }
  }

  @Test
  void anInsertReadsTheStudyRowAndOnlyItsOwnSeriesRow() throws Exception {
    HierarchyContract.Adder add = (sop, series, sopClass, seconds, modality) ->
        assertTrue(index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, Records.instance(sop, "8.1", series, sopClass, sop.hashCode(),
            T0.plusSeconds(seconds), HierarchyContract.values(IndexedAttribute.MODALITY, modality)),
            "{}").inserted());
    add.add("8.1.1", "8.1.10", HierarchyContract.CT_IMAGE, 1, "CT");
    add.add("8.1.2", "8.1.11", HierarchyContract.MR_IMAGE, 2, "MR");
    // Mark the other series' row: an insert that read every series of the study would carry the
    // mark into the study's SOP Classes in Study; one that reads only its own series cannot.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("index.db"));
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE series SET sop_classes = '9.9.9' WHERE series_instance_uid = '8.1.11'");
    }
    add.add("8.1.3", "8.1.10", HierarchyContract.CT_IMAGE, 3, "CT");
    AttributeValues study = index.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(QueryLevel.STUDY).page(10, 0)).rows().stream()
        .filter(r -> r.values().getOrEmpty(IndexedAttribute.STUDY_INSTANCE_UID).equals("8.1"))
        .findFirst().orElseThrow().values();
    assertEquals(HierarchyContract.CT_IMAGE + "\\" + HierarchyContract.MR_IMAGE,
        study.getOrEmpty(IndexedAttribute.SOP_CLASSES_IN_STUDY));
    assertEquals("3", study.getOrEmpty(IndexedAttribute.NUMBER_OF_STUDY_RELATED_INSTANCES));
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
