package dev.lightbox.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.dimse.DicomConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed authentications are limited per client address and per token (docs/security.md). */
class AuthRateLimitTest {
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
        .withAudit(AccessConfig.Audit.toFile(data.resolve("audit.log")))
        .withFailureLimit(3, Duration.ofSeconds(60)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "instances"));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAddressThatKeepsFailingGets429WithRetryAfterUntilTheWindowEnds() throws Exception {
    assertEquals(200, get(AuthFixture.bearer(tokens.full)).statusCode(),
        "successes are not counted");
    for (int i = 0; i < 3; i++) {
      assertEquals(401, get("Bearer lbx_" + "G".repeat(43)).statusCode());
    }
    HttpResponse<String> limited = get("Bearer lbx_" + "G".repeat(43));
    assertEquals(429, limited.statusCode(), limited.body());
    assertEquals("application/problem+json",
        limited.headers().firstValue("Content-Type").orElse(""));
    JsonObject p = JsonParser.parseString(limited.body()).getAsJsonObject();
    assertEquals("/problems/too-many-failed-authentications", p.get("type").getAsString());
    long retry = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
    assertEquals(429, get(AuthFixture.bearer(tokens.full)).statusCode(),
        "the address is refused whatever it sends until the window ends");
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
        URI.create(server.baseUrl() + "health")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode(), "public routes stay open");
  }

  @Test
  void aRevokedTokenUsedFromManyAddressesIsLimitedByItsId() throws Exception {
    // Three loopback addresses (127.0.0.0/8 is all loopback on Linux): each fails once, which
    // stays under the per-address limit, but the token's own count reaches it.
    assertEquals(401, rawStatus("127.0.0.2", AuthFixture.bearer(tokens.revoked)));
    assertEquals(401, rawStatus("127.0.0.3", AuthFixture.bearer(tokens.revoked)));
    assertEquals(429, rawStatus("127.0.0.4", AuthFixture.bearer(tokens.revoked)));
    assertEquals(200, rawStatus("127.0.0.5", AuthFixture.bearer(tokens.full)),
        "other tokens from other addresses are not affected");
  }

  /** One GET /instances from a socket bound to {@code source}; the status code. */
  private int rawStatus(String source, String authorization) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /instances HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + authorization
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(head.substring(9, 12));
    }
  }
}
