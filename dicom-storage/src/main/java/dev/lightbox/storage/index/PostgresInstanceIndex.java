package dev.lightbox.storage.index;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lightbox.storage.StorageException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The cluster index: PostgreSQL through a HikariCP pool. Any number of nodes may share one database;
 * the primary key on SOP Instance UID decides duplicate races and row locks on {@code blob_refs}
 * order blob deletion against concurrent ingests.
 */
public final class PostgresInstanceIndex {

  private PostgresInstanceIndex() {}

  /** Connects, migrates the schema if needed, and returns the index. */
  public static JdbcInstanceIndex open(PostgresConfig config) throws StorageException {
    String description = "postgresql:" + redact(config.jdbcUrl());
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.jdbcUrl());
    config.user().ifPresent(hc::setUsername);
    config.password().ifPresent(hc::setPassword);
    hc.setPoolName("lightbox-postgresql");
    hc.setMaximumPoolSize(config.poolSize());
    hc.setMinimumIdle(Math.min(2, config.poolSize()));
    hc.setConnectionTimeout(config.connectionTimeout().toMillis());
    hc.setValidationTimeout(Math.min(config.connectionTimeout().toMillis(), 5000));
    hc.setInitializationFailTimeout(-1);
    // Bound how long a dead server can hold a request: socket and login timeouts in seconds.
    long seconds = Math.max(1, config.connectionTimeout().toSeconds());
    hc.addDataSourceProperty("connectTimeout", Long.toString(seconds));
    hc.addDataSourceProperty("loginTimeout", Long.toString(seconds));
    hc.addDataSourceProperty("socketTimeout", Long.toString(Math.max(30, seconds)));
    HikariDataSource pool = new HikariDataSource(hc);
    JdbcInstanceIndex index = new JdbcInstanceIndex(pool, pool::close, Dialect.POSTGRESQL, description,
        false, Duration.ZERO, new AdvisoryLocks(() -> lockConnection(config, seconds), description));
    try {
      index.migrate();
    } catch (StorageException | RuntimeException e) {
      pool.close();
      throw e;
    }
    return index;
  }

  /** An unpooled connection for a session advisory lock, with the pool's credentials and timeouts. */
  private static Connection lockConnection(PostgresConfig config, long seconds) throws SQLException {
    Properties props = new Properties();
    config.user().ifPresent(u -> props.setProperty("user", u));
    config.password().ifPresent(pw -> props.setProperty("password", pw));
    props.setProperty("connectTimeout", Long.toString(seconds));
    props.setProperty("loginTimeout", Long.toString(seconds));
    props.setProperty("socketTimeout", Long.toString(Math.max(30, seconds)));
    props.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(config.jdbcUrl(), props);
  }

  /** The URL without its query string, where credentials may sit. */
  static String redact(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    String base = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    return base.replaceFirst("^jdbc:postgresql:", "");
  }
}
