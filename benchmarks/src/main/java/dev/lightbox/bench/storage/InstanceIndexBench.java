package dev.lightbox.bench.storage;

import dev.lightbox.storage.index.AttributeValues;
import dev.lightbox.storage.index.IndexQuery;
import dev.lightbox.storage.index.IndexedAttribute;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.InstanceQuery;
import dev.lightbox.storage.index.InstanceRecord;
import dev.lightbox.storage.index.Match;
import dev.lightbox.storage.index.PostgresConfig;
import dev.lightbox.storage.index.PostgresInstanceIndex;
import dev.lightbox.storage.index.QueryLevel;
import dev.lightbox.storage.index.SqliteInstanceIndex;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
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
 * Index inserts (one transaction each, as an ingest does: row, metadata document, study and series
 * upkeep), lookups, listings and a study-level query over {@code rows} instances.
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

  /** Instance {@code n}: 100 instances per study, 10 per series, patients of 10 studies each. */
  static InstanceRecord record(long n) {
    byte[] b = new byte[32];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (n >>> (8 * i));
    }
    String sha = HexFormat.of().formatHex(b);
    long study = n / 100;
    AttributeValues values = AttributeValues.builder()
        .put(IndexedAttribute.PATIENT_ID, "PAT" + (study / 10))
        .put(IndexedAttribute.PATIENT_NAME, (study % 2 == 0 ? "Doe^John" : "Roe^Jane") + study / 10)
        .put(IndexedAttribute.PATIENT_BIRTH_DATE, "19700101")
        .put(IndexedAttribute.PATIENT_SEX, study % 2 == 0 ? "M" : "F")
        .put(IndexedAttribute.STUDY_DATE, DA.format(LocalDate.of(2020, 1, 1).plusDays(study % 1000)))
        .put(IndexedAttribute.STUDY_TIME, "093000")
        .put(IndexedAttribute.ACCESSION_NUMBER, "ACC" + study)
        .put(IndexedAttribute.REFERRING_PHYSICIAN_NAME, "Smith^Anna")
        .put(IndexedAttribute.STUDY_ID, Long.toString(study))
        .put(IndexedAttribute.STUDY_DESCRIPTION, "CT Chest")
        .put(IndexedAttribute.MODALITY, n % 2 == 0 ? "CT" : "MR")
        .put(IndexedAttribute.SERIES_NUMBER, Long.toString((n / 10) % 10))
        .put(IndexedAttribute.SERIES_DESCRIPTION, "Axial")
        .put(IndexedAttribute.INSTANCE_NUMBER, Long.toString(n % 10))
        .put(IndexedAttribute.ROWS, "512").put(IndexedAttribute.COLUMNS, "512")
        .put(IndexedAttribute.BITS_ALLOCATED, "16").put(IndexedAttribute.NUMBER_OF_FRAMES, "1")
        .build();
    return new InstanceRecord("1.2.826.0.1." + n, "1.2.826.0.2." + study, "1.2.826.0.3." + (n / 10),
        "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1", 500_000, sha,
        "sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha,
        Instant.ofEpochMilli(1_700_000_000_000L + n), values);
  }

  /** A small metadata document, stored beside each row as an ingest does. */
  static final String DOCUMENT =
      "{\"00080060\":{\"vr\":\"CS\",\"Value\":[\"CT\"]},\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^John\"}]}}";
  private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (db.equals("sqlite")) {
      // One database for all benchmarks of the run, loaded once (the load is the insert measurement).
      dir = Path.of(System.getProperty("lightbox.bench.dir", "target"), "indexbench-sqlite-" + rows);
      index = SqliteInstanceIndex.open(dir);
    } else {
      String url = System.getenv("LIGHTBOX_TEST_POSTGRES_URL");
      if (url == null) {
        throw new IllegalStateException("postgresql case skipped: LIGHTBOX_TEST_POSTGRES_URL not set");
      }
      if (Boolean.getBoolean("lightbox.bench.fresh")) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS instances, instance_metadata, studies, series, blob_refs, schema_version");
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
      index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, record(n), DOCUMENT);
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
    return index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, record(next.getAndIncrement()), DOCUMENT).inserted();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public Optional<InstanceRecord> findBySopUid() throws Exception {
    return index.find(InstanceIndex.DEFAULT_TENANT, "1.2.826.0.1." + ThreadLocalRandom.current().nextInt(rows));
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public long listSeriesPage() throws Exception {
    return index.list(InstanceIndex.DEFAULT_TENANT, InstanceQuery.all().seriesInstanceUid("1.2.826.0.3." + ThreadLocalRandom.current().nextInt(rows / 10))
        .page(100, 0)).total();
  }

  /**
   * A QIDO-RS style study search: a one-month Study Date range and a fuzzy Patient's Name prefix,
   * first page of 100 with the total (PS3.18 §10.6).
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public long queryStudies() throws Exception {
    int studies = Math.max(1, rows / 100);
    LocalDate from = LocalDate.of(2020, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(Math.min(studies, 1000)));
    IndexQuery q = new IndexQuery(QueryLevel.STUDY, List.of(
        new Match(IndexedAttribute.STUDY_DATE, DA.format(from) + "-" + DA.format(from.plusDays(30))),
        new Match(IndexedAttribute.PATIENT_NAME, "doe*")), true, 100, 0);
    return index.query(InstanceIndex.DEFAULT_TENANT, q).total();
  }
}
