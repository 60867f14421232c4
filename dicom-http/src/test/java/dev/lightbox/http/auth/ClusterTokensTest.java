package dev.lightbox.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.dimse.DicomConfig;
import dev.lightbox.storage.index.PostgresConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes sharing one PostgreSQL index (the real one of {@code LIGHTBOX_TEST_POSTGRES_URL}): a
 * token created on one works on the other at once, and a revocation made on one is refused by
 * the other within the token reload interval (docs/security.md "How fast changes reach running
 * servers").
 */
class ClusterTokensTest {
  @TempDir Path data;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .build();

  private int status(LightboxServer node, String method, String path, String token, String json)
      throws Exception {
    return send(node, method, path, token, json).statusCode();
  }

  private HttpResponse<String> send(LightboxServer node, String method, String path,
      String token, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
        .header("Authorization", "Bearer " + token);
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTokenMadeOnOneNodeWorksOnTheOtherAndItsRevocationReachesItWithinSeconds()
      throws Exception {
    String url = System.getenv("LIGHTBOX_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      dev.lightbox.http.testing.Ci.cannotRun("LIGHTBOX_TEST_POSTGRES_URL is not set: run "
          + "scripts/test.sh, or start a cluster with scripts/postgres-test-cluster.sh");
    }
    dev.lightbox.http.testing.TestPostgres.dropLightboxTables(url);
    ServerConfig config = ServerConfig.defaults().withPort(0).withServices(s -> s
        .withPostgres(Optional.of(PostgresConfig.of(url))));
    AuthFixture tokens = new AuthFixture(config.withDataDir(data.resolve("cli")).services());
    AccessConfig access = AccessConfig.authRequired().withAudit(AccessConfig.Audit.OFF);
    try (LightboxServer a = LightboxServer.start(config.withDataDir(data.resolve("a")),
            DicomConfig.off(), access);
        LightboxServer b = LightboxServer.start(config.withDataDir(data.resolve("b")),
            DicomConfig.off(), access)) {
      String admin = tokens.full.secret();
      HttpResponse<String> created = send(a, "POST", "tokens", admin,
          "{\"tenant\":\"lab\",\"scopes\":[\"read\"]}");
      assertEquals(201, created.statusCode(), created.body());
      String secret = JsonParser.parseString(created.body()).getAsJsonObject()
          .get("secret").getAsString();
      assertEquals(200, status(b, "GET", "instances", secret, null), "new token on node b");
      // Both nodes now have the token in memory; the revocation is made on node a.
      assertEquals(200, status(b, "GET", "instances", secret, null));
      assertEquals(200, status(a, "GET", "instances", secret, null));
      String id = JsonParser.parseString(created.body()).getAsJsonObject()
          .getAsJsonObject("token").get("id").getAsString();
      long revokedAt = System.nanoTime();
      assertEquals(200, status(a, "DELETE", "tokens/" + id, admin, null));
      assertEquals(401, status(a, "GET", "instances", secret, null), "the revoking node: at once");
      long seconds = Duration.ofNanos(waitFor401(b, secret, revokedAt) - revokedAt).toSeconds();
      assertTrue(seconds <= 4, "node b refused the revoked token only after " + seconds + " s");
    }
  }

  /** Polls until {@code node} refuses {@code secret}; returns that moment (fails after 10 s). */
  private long waitFor401(LightboxServer node, String secret, long since) throws Exception {
    while (status(node, "GET", "instances", secret, null) != 401) {
      assertTrue(System.nanoTime() - since < Duration.ofSeconds(10).toNanos(),
          "still accepted 10 s after the revocation");
      Thread.sleep(50);
    }
    return System.nanoTime();
  }
}
