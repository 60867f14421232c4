package dev.lightbox.storage.index;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Connection settings for the cluster index.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://db:5432/lightbox} (may itself carry user/password)
 * @param user overrides any user in the URL
 * @param password overrides any password in the URL
 * @param poolSize maximum connections per node
 * @param connectionTimeout how long a request waits for a connection before UNAVAILABLE
 */
public record PostgresConfig(String jdbcUrl, Optional<String> user, Optional<String> password,
    int poolSize, Duration connectionTimeout) {

  public PostgresConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL (want jdbc:postgresql://host:port/db)");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("pool size " + poolSize + " must be at least 1");
    }
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("connection timeout must be at least 250 ms");
    }
  }

  /** URL only (credentials in it or from the environment), pool of 10, 5 s connection timeout. */
  public static PostgresConfig of(String jdbcUrl) {
    return new PostgresConfig(jdbcUrl, Optional.empty(), Optional.empty(), 10, Duration.ofSeconds(5));
  }

  public PostgresConfig withConnectionTimeout(Duration timeout) {
    return new PostgresConfig(jdbcUrl, user, password, poolSize, timeout);
  }
}
