package dev.lightbox.http.auth.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.SecurityConfig;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.dimse.DicomConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server builds one verifier from --oidc-* (the auth gate's hook) and none without. */
class OidcServerWiringTest {
  @TempDir Path dir;

  @Test
  void theServerBuildsTheVerifierForTheConfiguredIssuer() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    try (TestIssuer issuer = new TestIssuer()) {
      issuer.publish(key);
      ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir);
      try (LightboxServer server = LightboxServer.start(config, DicomConfig.off(),
          SecurityConfig.none().withOidc(OidcConfig.of(issuer.issuer(), "api")))) {
        OidcVerifier verifier = server.oidcVerifier().orElseThrow();
        assertEquals(1, issuer.jwksRequests.get(), "keys fetched at start-up");
        String token = TestIssuer.sign(key, new JWTClaimsSet.Builder().issuer(issuer.issuer())
            .audience("api").subject("svc").claim("tenant", "t1").claim("scope", "read")
            .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        OidcIdentity id = assertInstanceOf(OidcIdentity.class, verifier.verify(token));
        assertEquals("t1", id.tenant());
        assertEquals(1, issuer.jwksRequests.get(), "the start-up fetch is reused");
      }
      try (LightboxServer server = LightboxServer.start(config.withDataDir(dir.resolve("b")))) {
        assertTrue(server.oidcVerifier().isEmpty());
        assertTrue(server.baseUrl().startsWith("http://"));
      }
    }
  }
}
