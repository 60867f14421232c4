package dev.lightbox.http.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID Connect issuer on loopback for tests: the discovery document and a JWKS whose keys
 * the test sets (rotation), counting the requests each gets. Tokens are minted with the private
 * keys, as a real issuer would.
 */
final class TestIssuer implements AutoCloseable {
  private final HttpServer server;
  final AtomicInteger discoveryRequests = new AtomicInteger();
  final AtomicInteger jwksRequests = new AtomicInteger();
  private volatile JWKSet published = new JWKSet();
  private volatile String issuerInDiscovery;
  /** How long the JWKS answer is held back (a slow issuer). */
  volatile long jwksDelayMillis;

  TestIssuer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/realm/.well-known/openid-configuration", x -> {
      discoveryRequests.incrementAndGet();
      send(x, "{\"issuer\":\"" + issuerInDiscovery + "\",\"jwks_uri\":\"" + url()
          + "/realm/keys\",\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]}");
    });
    server.createContext("/realm/keys", x -> {
      jwksRequests.incrementAndGet();
      try {
        Thread.sleep(jwksDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      send(x, published.toString(true)); // public parts only
    });
    // A thread per request, so a held-back answer does not hold back the others.
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-issuer");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    issuerInDiscovery = issuer();
  }

  /** The issuer identifier, {@code http://127.0.0.1:PORT/realm}. */
  String issuer() {
    return url() + "/realm";
  }

  /** Make the discovery document name another issuer (misconfiguration test). */
  void claimIssuer(String other) {
    issuerInDiscovery = other;
  }

  void publish(JWK... keys) {
    published = new JWKSet(List.of(keys));
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static String sign(JWK key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt;
      if (key instanceof RSAKey rsa) {
        jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
            .build(), claims);
        jwt.sign(new RSASSASigner(rsa));
      } else {
        jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
            .build(), claims);
        jwt.sign(new ECDSASigner((ECKey) key));
      }
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(HttpExchange x, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(200, body.length);
    x.getResponseBody().write(body);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
