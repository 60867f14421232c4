import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Date;

/**
 * What one OIDC bearer token costs the server (issue 14): parse + signature check + claims, as
 * OidcVerifier does on a cache miss, against the SHA-256 of the token that a cache hit costs.
 * A single-file program (JDK 17 + the nimbus jar), outside the Maven build:
 *
 *   java -cp ~/.m2/repository/com/nimbusds/nimbus-jose-jwt/10.10/nimbus-jose-jwt-10.10.jar \
 *       benchmarks/oidc/JwtVerifyCost.java
 *
 * Prints the per-token time of each round; the first rounds include JIT warm-up.
 */
public class JwtVerifyCost {
  public static void main(String[] args) throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).generate();
    ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://login.example/realms/x")
        .audience("lightbox").subject("user-42").claim("tenant", "radiology")
        .claim("scope", "openid read write")
        .expirationTime(new Date(System.currentTimeMillis() + 600_000)).build();
    SignedJWT r = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r").build(),
        claims);
    r.sign(new RSASSASigner(rsa));
    SignedJWT e = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("e").build(),
        claims);
    e.sign(new ECDSASigner(ec));
    String rs = r.serialize();
    String es = e.serialize();
    RSAKey rsaPublic = rsa.toPublicJWK();
    ECKey ecPublic = ec.toPublicJWK();
    int n = 2000;
    for (int round = 1; round <= 5; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        SignedJWT j = SignedJWT.parse(rs);
        if (!j.verify(new RSASSAVerifier(rsaPublic))) {
          throw new AssertionError();
        }
        j.getJWTClaimsSet();
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        SignedJWT j = SignedJWT.parse(es);
        if (!j.verify(new ECDSAVerifier(ecPublic))) {
          throw new AssertionError();
        }
        j.getJWTClaimsSet();
      }
      long t2 = System.nanoTime();
      int sink = 0;
      for (int i = 0; i < n * 10; i++) {
        sink += MessageDigest.getInstance("SHA-256")
            .digest(es.getBytes(StandardCharsets.US_ASCII))[0];
      }
      long t3 = System.nanoTime();
      System.out.printf("round %d: RS256 %.1f us, ES256 %.1f us, SHA-256 of the token %.2f us"
          + " (%d)%n", round, (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / n / 10,
          sink & 1);
    }
  }
}
