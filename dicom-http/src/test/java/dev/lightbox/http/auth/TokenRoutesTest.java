package dev.lightbox.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.dimse.DicomConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token management over HTTP with an admin token: create, list, use, revoke (docs/security.md). */
class TokenRoutesTest {
  @TempDir Path data;
  private LightboxServer server;
  private AuthFixture tokens;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .build();

  @BeforeEach
  void start() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(data);
    tokens = new AuthFixture(config.services());
    server = LightboxServer.start(config, DicomConfig.off(), AccessConfig.authRequired()
        .withAudit(AccessConfig.Audit.toFile(data.resolve("audit.log"))));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path, String token, String json)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Authorization", "Bearer " + token);
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAdminCreatesListsAndRevokesTokensAndTheRevocationTakesEffect() throws Exception {
    String admin = tokens.full.secret();
    HttpResponse<String> created = send("POST", "tokens", admin,
        "{\"tenant\":\"lab\",\"scopes\":[\"read\"],\"expiresDays\":7,\"name\":\"ml-team\"}");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("no-store", created.headers().firstValue("Cache-Control").orElse(""));
    JsonObject body = JsonParser.parseString(created.body()).getAsJsonObject();
    String secret = body.get("secret").getAsString();
    JsonObject token = body.getAsJsonObject("token");
    assertEquals("lab", token.get("tenant").getAsString());
    assertEquals("[\"read\"]", token.get("scopes").toString());
    assertEquals("active", token.get("state").getAsString());
    assertEquals("/tokens/" + token.get("id").getAsString(),
        created.headers().firstValue("Location").orElseThrow());

    assertEquals(200, send("GET", "instances", secret, null).statusCode(), "usable at once");
    HttpResponse<String> listed = send("GET", "tokens", admin, null);
    assertEquals(200, listed.statusCode());
    assertTrue(listed.body().contains("\"name\":\"ml-team\""), listed.body());
    assertFalse(listed.body().contains(secret.substring(4)), "the list never shows a secret");

    assertEquals(409, send("POST", "tokens", admin,
        "{\"tenant\":\"lab\",\"scopes\":\"read\",\"name\":\"ml-team\"}").statusCode());
    assertEquals(400, send("POST", "tokens", admin,
        "{\"tenant\":\"lab\",\"scopes\":[\"root\"]}").statusCode());
    assertEquals(400, send("POST", "tokens", admin, "not json").statusCode());

    HttpResponse<String> revoked = send("DELETE", "tokens/ml-team", admin, null);
    assertEquals(200, revoked.statusCode(), revoked.body());
    assertEquals("revoked", JsonParser.parseString(revoked.body()).getAsJsonObject()
        .get("state").getAsString());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (send("GET", "instances", secret, null).statusCode() != 401) {
      assertTrue(System.nanoTime() < deadline, "the revoked token still works after 10 s");
      Thread.sleep(100);
    }
    assertEquals(404, send("DELETE", "tokens/nobody", admin, null).statusCode());
    server.close();
    String audit = Files.readString(data.resolve("audit.log"));
    assertTrue(audit.contains("\"action\":\"token\""), audit);
    assertFalse(audit.contains(secret.substring(4)), "a secret in the audit log");
  }
}
