package dev.lightbox.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.http.ServerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {
  static ServerConfig parse(Map<String, String> env, String... args) {
    ServeCommand cmd = new ServeCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.config(env);
  }

  @Test
  void defaultsAreSingleNodeWithCorsOff() {
    ServerConfig c = parse(Map.of());
    assertTrue(c.services().s3().isEmpty());
    assertTrue(c.services().postgres().isEmpty());
    assertTrue(c.corsOrigins().isEmpty());
    assertEquals(64L << 20, c.services().renderCacheBytes());
  }

  @Test
  void clusterModeFromFlagsWithSecretsFromTheEnvironment() {
    ServerConfig c = parse(Map.of("LIGHTBOX_S3_ACCESS_KEY", "AK", "LIGHTBOX_S3_SECRET_KEY", "SK",
        "LIGHTBOX_POSTGRES_PASSWORD", "pw"),
        "--s3-endpoint", "http://127.0.0.1:9000", "--s3-bucket", "dicom", "--s3-region",
        "eu-west-1", "--postgres-url", "jdbc:postgresql://db/lightbox", "--postgres-user", "lb",
        "--cors-origins", "https://a.example, https://b.example:8443");
    var s3 = c.services().s3().orElseThrow();
    assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), s3.endpoint());
    assertEquals("dicom", s3.bucket());
    assertEquals("eu-west-1", s3.region());
    assertTrue(s3.pathStyle());
    assertEquals(Optional.of("AK"), s3.accessKeyId());
    assertEquals(Optional.of("SK"), s3.secretAccessKey());
    var pg = c.services().postgres().orElseThrow();
    assertEquals("jdbc:postgresql://db/lightbox", pg.jdbcUrl());
    assertEquals(Optional.of("lb"), pg.user());
    assertEquals(Optional.of("pw"), pg.password());
    assertEquals(Set.of("https://a.example", "https://b.example:8443"), c.corsOrigins());
  }

  @Test
  void environmentVariablesConfigureWhenFlagsAreAbsentAndFlagsWin() {
    ServerConfig c = parse(Map.of("LIGHTBOX_S3_BUCKET", "b", "LIGHTBOX_S3_PATH_STYLE", "false",
        "LIGHTBOX_POSTGRES_URL", "jdbc:postgresql://x/y", "LIGHTBOX_CORS_ORIGINS", "*",
        "LIGHTBOX_PORT", "9999", "LIGHTBOX_SHUTDOWN_TIMEOUT_SECONDS", "5"), "--port", "1234");
    assertEquals("b", c.services().s3().orElseThrow().bucket());
    assertTrue(!c.services().s3().orElseThrow().pathStyle());
    assertTrue(c.services().s3().orElseThrow().endpoint().isEmpty());
    assertEquals("jdbc:postgresql://x/y", c.services().postgres().orElseThrow().jdbcUrl());
    assertEquals(Set.of("*"), c.corsOrigins());
    assertEquals(1234, c.port());
    assertEquals(Duration.ofSeconds(5), c.shutdownTimeout());
  }

  @Test
  void theDrainTimeoutHasItsOwnNameAndTheOlderOnesStillWork() {
    assertEquals(Duration.ofSeconds(30), parse(Map.of()).shutdownTimeout());
    assertEquals(Duration.ofSeconds(7), parse(Map.of(), "--drain-timeout", "7")
        .shutdownTimeout());
    assertEquals(Duration.ofSeconds(8), parse(Map.of(), "--shutdown-timeout-seconds", "8")
        .shutdownTimeout());
    assertEquals(Duration.ofSeconds(9), parse(Map.of("LIGHTBOX_DRAIN_TIMEOUT", "9",
        "LIGHTBOX_SHUTDOWN_TIMEOUT_SECONDS", "5")).shutdownTimeout());
    assertEquals(Duration.ofSeconds(2), parse(Map.of("LIGHTBOX_DRAIN_TIMEOUT", "9"),
        "--drain-timeout", "2").shutdownTimeout());
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--s3-endpoint", "x"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--postgres-url",
        "mysql://x"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--cors-origins",
        "https://a\r\nX: y"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--port", "eighty"));
  }
}
