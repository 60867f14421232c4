package dev.lightbox.http.auth.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.SecurityConfig;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.auth.AccessConfig;
import dev.lightbox.http.dimse.DicomConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JWTs of the configured issuer pass the auth gate of a server with {@code --auth required}
 * beside Lightbox's own tokens (issue 14, OIDC): the token's scopes decide as a token's do, and a
 * refused JWT is the same 401 problem as an unknown token.
 */
class OidcGateTest {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(LightboxServer server, String path, String bearer)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path.substring(1)))
        .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JWTClaimsSet.Builder claims(TestIssuer issuer, String audience, String scope) {
    return new JWTClaimsSet.Builder().issuer(issuer.issuer()).audience(audience).subject("svc")
        .claim("tenant", "default").claim("scope", scope)
        .expirationTime(Date.from(Instant.now().plusSeconds(300)));
  }

  @Test
  void jwtsOfTheIssuerAreJudgedByTheGateLikeTokens() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    try (TestIssuer issuer = new TestIssuer()) {
      issuer.publish(key);
      ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir);
      try (LightboxServer server = LightboxServer.start(config, DicomConfig.off(),
          AccessConfig.authRequired(),
          SecurityConfig.none().withOidc(OidcConfig.of(issuer.issuer(), "api")))) {
        String reader = TestIssuer.sign(key, claims(issuer, "api", "read").build());
        assertEquals(200, get(server, "/instances", reader).statusCode());

        HttpResponse<String> noScope = get(server, "/metrics", reader);
        assertEquals(403, noScope.statusCode(), noScope.body());
        assertTrue(noScope.body().contains("admin"), noScope.body());

        String otherAudience = TestIssuer.sign(key, claims(issuer, "other", "read").build());
        HttpResponse<String> refused = get(server, "/instances", otherAudience);
        assertEquals(401, refused.statusCode());
        assertTrue(refused.body().contains("not valid here"), refused.body());
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").contains("Bearer"));

        String expired = TestIssuer.sign(key, claims(issuer, "api", "read")
            .expirationTime(Date.from(Instant.now().minusSeconds(3600))).build());
        HttpResponse<String> late = get(server, "/instances", expired);
        assertEquals(401, late.statusCode());
        assertTrue(late.body().contains("expired"), late.body());
      }
    }
  }
}
