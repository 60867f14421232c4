package dev.lightbox.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightbox.storage.blob.BlobInfo;
import dev.lightbox.storage.blob.BlobStore;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.ingest.SweepReport;
import dev.lightbox.storage.ingest.Sweeper;
import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Looks at the stores behind a stopped server directly: runs the sweeper (grace 0, clock a day
 * ahead so the leases of killed ingests have expired, as they would in production after
 * {@code lease_until}), then checks that every blob's content hashes to its name (no partial
 * blob) and that the blobs are exactly the ones index rows refer to.
 */
final class StoreAudit {
  /** One index row: the instance's sha256 and blob key. */
  record Row(String sha256, String blobKey) {}

  /** What the audit found. */
  record Result(Map<String, Row> rows, int blobs, SweepReport sweep) {}

  private StoreAudit() {}

  static Result sweepAndCheck(BlobStore blobs, InstanceIndex index, String jdbcUrl)
      throws Exception {
    SweepReport sweep = new Sweeper(blobs, index, Duration.ZERO,
        Clock.offset(Clock.systemUTC(), Duration.ofDays(1))).sweep();
    Map<String, Row> rows = rows(jdbcUrl);
    Set<String> referenced = new HashSet<>();
    rows.values().forEach(r -> referenced.add(r.blobKey()));
    Set<String> stored = new HashSet<>();
    try (Stream<BlobInfo> all = blobs.list()) {
      for (BlobInfo info : (Iterable<BlobInfo>) all::iterator) {
        stored.add(info.key().value());
        try (InputStream in = blobs.open(info.key())) {
          String actual = sha256(in);
          assertEquals(info.key().sha256(), actual, "blob " + info.key()
              + " does not hash to its name: a partial or corrupt blob");
        }
      }
    }
    assertEquals(referenced, stored, "after the sweep, blobs and index rows disagree");
    for (Row row : rows.values()) {
      assertEquals("sha256/" + row.sha256(), row.blobKey().replaceAll("/[0-9a-f]{2}/[0-9a-f]{2}/",
          "/"), "row's sha256 and blob key disagree");
    }
    return new Result(rows, stored.size(), sweep);
  }

  /** sop_instance_uid → (sha256, blob_key) straight from the index tables. */
  static Map<String, Row> rows(String jdbcUrl) throws Exception {
    Map<String, Row> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sop_instance_uid, sha256, blob_key FROM instances")) {
      while (rs.next()) {
        rows.put(rs.getString(1), new Row(rs.getString(2).strip(), rs.getString(3)));
      }
    }
    return rows;
  }

  static String sha256(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[64 * 1024];
    for (int n; (n = in.read(buf)) != -1; ) {
      md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
