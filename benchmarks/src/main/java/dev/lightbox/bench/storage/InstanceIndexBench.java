package dev.lightbox.bench.storage;

import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.InstanceQuery;
import dev.lightbox.storage.index.InstanceRecord;
import dev.lightbox.storage.index.PostgresConfig;
import dev.lightbox.storage.index.PostgresInstanceIndex;
import dev.lightbox.storage.index.SqliteInstanceIndex;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Index inserts (one transaction each, as an ingest does) and lookups over {@code rows} instances.
 * PostgreSQL needs {@code LIGHTBOX_TEST_POSTGRES_URL} (benchmarks/storage-bench.sh starts a
 * durable throwaway cluster). Setup loads the rows; {@code insert} then adds new ones on top.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InstanceIndexBench {

  @Param({"100000"})
  public int rows;

  @Param({"sqlite", "postgresql"})
  public String db;

  private Path dir;
  private InstanceIndex index;
  private final AtomicLong next = new AtomicLong();

  static InstanceRecord record(long n) {
    byte[] b = new byte[32];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (n >>> (8 * i));
    }
    String sha = HexFormat.of().formatHex(b);
    return new InstanceRecord("1.2.826.0.1." + n, "1.2.826.0.2." + (n / 100), "1.2.826.0.3." + (n / 10),
        "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1", "PAT" + (n / 1000), "Doe^John",
        Optional.of(LocalDate.of(2020, 1, 1).plusDays(n % 1000)), n % 2 == 0 ? "CT" : "MR", 512, 512, 1,
        500_000, sha, "sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha,
        Instant.ofEpochMilli(1_700_000_000_000L + n),
        "{\"00080060\":{\"vr\":\"CS\",\"Value\":[\"CT\"]},\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^John\"}]}}");
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (db.equals("sqlite")) {
      // One database for all benchmarks of the run, loaded once (the load is the insert measurement).
      dir = Path.of(System.getProperty("lightbox.bench.dir", "target"), "indexbench-sqlite");
      index = SqliteInstanceIndex.open(dir);
    } else {
      String url = System.getenv("LIGHTBOX_TEST_POSTGRES_URL");
      if (url == null) {
        throw new IllegalStateException("postgresql case skipped: LIGHTBOX_TEST_POSTGRES_URL not set");
      }
      if (Boolean.getBoolean("lightbox.bench.fresh")) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS instances, instances_v1, instance_metadata, studies, series, blob_refs, schema_version");
        }
      }
      index = PostgresInstanceIndex.open(PostgresConfig.of(url));
    }
    long present = index.count();
    if (present >= rows) {
      next.set(present);
      return;
    }
    long start = System.nanoTime();
    for (long n = present; n < rows; n++) {
      index.insertIfAbsent(record(n));
    }
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.printf("%n[%s] loaded %d rows in %.1f s = %.0f inserts/s (one transaction each)%n",
        db, rows - present, secs, (rows - present) / secs);
    next.set(rows);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    index.close(); // the database stays for the next benchmark; storage-bench.sh removes it
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public boolean insert() throws Exception {
    return index.insertIfAbsent(record(next.getAndIncrement())).inserted();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public Optional<InstanceRecord> findBySopUid() throws Exception {
    return index.find("1.2.826.0.1." + ThreadLocalRandom.current().nextInt(rows));
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public long listSeriesPage() throws Exception {
    return index.list(InstanceQuery.all().seriesInstanceUid("1.2.826.0.3." + ThreadLocalRandom.current().nextInt(rows / 10))
        .page(100, 0)).total();
  }
}
