package dev.lightbox.http.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The throwaway PostgreSQL of scripts/postgres-test-cluster.sh, which tests of this module may
 * stop and start again to cause an index outage (the same commands as dicom-storage's helper,
 * whose test classes this module does not see).
 */
public final class TestPostgres {
  private TestPostgres() {}

  /** The JDBC URL; skips (fails under CI) when no cluster was started. */
  public static String requireUrl() {
    String url = System.getenv("LIGHTBOX_TEST_POSTGRES_URL");
    Ci.require(url != null && !url.isBlank(), "LIGHTBOX_TEST_POSTGRES_URL is not set: run "
        + "scripts/test.sh, or start a cluster with scripts/postgres-test-cluster.sh");
    return url;
  }

  /** Returns when the cluster's data directory and binaries are known (it can be stopped). */
  /**
   * Drops every table Lightbox's migrations create in the database at {@code url}, so a test
   * starts from an empty schema (one list: a table added by a migration is added here once).
   */
  public static void dropLightboxTables(String url) throws java.sql.SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
        java.sql.Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS instances, instance_metadata, studies, series, blob_refs, "
          + "tokens, schema_version");
    }
  }

  public static void requireControllable() {
    Ci.require(System.getenv("LIGHTBOX_TEST_POSTGRES_PGDATA") != null
        && System.getenv("LIGHTBOX_TEST_POSTGRES_BIN") != null, "LIGHTBOX_TEST_POSTGRES_PGDATA "
        + "and LIGHTBOX_TEST_POSTGRES_BIN are not set: cannot stop and start the test cluster");
  }

  /** Fast shutdown: sessions are ended, new connections are refused. */
  public static void stop() throws Exception {
    pgCtl("stop", "-m", "fast", "-w");
  }

  public static void start() throws Exception {
    String data = System.getenv("LIGHTBOX_TEST_POSTGRES_PGDATA");
    pgCtl("start", "-w", "-t", "60", "-l", Path.of(data, "server.log").toString());
  }

  private static void pgCtl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    String runAs = System.getenv().getOrDefault("LIGHTBOX_TEST_POSTGRES_RUNAS", "");
    if (!runAs.isEmpty()) {
      cmd.addAll(List.of("runuser", "-u", runAs, "--"));
    }
    cmd.add(Path.of(System.getenv("LIGHTBOX_TEST_POSTGRES_BIN"), "pg_ctl").toString());
    cmd.addAll(List.of("-D", System.getenv("LIGHTBOX_TEST_POSTGRES_PGDATA")));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("pg_ctl " + String.join(" ", args) + " failed: " + out);
    }
  }
}
