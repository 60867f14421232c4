package dev.lightbox.storage.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The throwaway PostgreSQL cluster started by scripts/postgres-test-cluster.sh (via scripts/test.sh).
 * Absent: tests skip with a message, except under CI=true where they fail.
 */
public final class TestPostgres {

  public static final String URL_ENV = "LIGHTBOX_TEST_POSTGRES_URL";

  private TestPostgres() {}

  /** The JDBC URL, or skips/fails the calling test when no cluster was started. */
  public static String requireUrl() {
    String url = System.getenv(URL_ENV);
    if (url == null || url.isBlank()) {
      String msg = URL_ENV + " is not set: start a cluster with `source scripts/postgres-test-cluster.sh; "
          + "start_test_postgres target/pg` (scripts/test.sh does this)";
      Ci.cannotRun(msg);
    }
    return url;
  }

  /** Drops the index's tables so each test starts from an empty, unmigrated database. */
  public static void dropAll(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS instances, instances_v1, instance_metadata, studies, series, blob_refs, tokens, "
          + "schema_version");
    }
  }

  /** True when the test may stop and restart the server (it knows where it is). */
  public static boolean controllable() {
    return System.getenv("LIGHTBOX_TEST_POSTGRES_PGDATA") != null
        && System.getenv("LIGHTBOX_TEST_POSTGRES_BIN") != null;
  }

  /**
   * Returns when the test may stop and restart the server; otherwise skips, or fails under CI
   * (scripts/postgres-test-cluster.sh exports both variables, so CI always has them).
   */
  public static void requireControllable() {
    Ci.require(controllable(), "LIGHTBOX_TEST_POSTGRES_PGDATA and LIGHTBOX_TEST_POSTGRES_BIN are "
        + "not set: the cluster's data directory is not known, cannot stop it");
  }

  public static void stopServer() throws Exception {
    pgCtl("stop", "-m", "fast", "-w");
  }

  public static void startServer() throws Exception {
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
