package dev.lightbox.http.auth.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.lightbox.http.auth.oidc.OidcRejection.Reason;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OIDC verifier against a local issuer (discovery + JWKS on loopback), with tokens minted by
 * nimbus as an issuer would: the accepted ones, every refusal of issue 14, key rotation, the
 * refetch rate limit, and an issuer that does not answer.
 */
class OidcVerifierTest {
  static RSAKey rsa;
  static RSAKey rotatedRsa;
  static ECKey ec;
  static RSAKey stranger;

  TestIssuer issuer;
  MutableClock clock;
  OidcVerifier verifier;

  @BeforeAll
  static void keys() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    rotatedRsa = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    // Same kid as the published RSA key, different key material: a forger's key.
    stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
  }

  @BeforeEach
  void issuer() throws Exception {
    issuer = new TestIssuer();
    issuer.publish(rsa, ec);
    clock = new MutableClock(Instant.parse("2026-12-05T08:00:00Z"));
    verifier = new OidcVerifier(OidcConfig.of(issuer.issuer(), "lightbox-api"), clock);
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  JWTClaimsSet.Builder claims() {
    Instant now = clock.instant();
    return new JWTClaimsSet.Builder().issuer(issuer.issuer()).audience("lightbox-api")
        .subject("user-42").issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600)))
        .claim("tenant", "radiology").claim("scope", "openid profile read write");
  }

  @Test
  void acceptsRs256AndEs256WithTenantAndLightboxScopes() {
    for (var key : List.of(rsa, ec)) {
      OidcIdentity id = assertInstanceOf(OidcIdentity.class,
          verifier.verify(TestIssuer.sign(key, claims().build())), key.getKeyID());
      assertEquals("user-42", id.subject());
      assertEquals("radiology", id.tenant());
      assertEquals(Set.of("read", "write"), id.scopes());
    }
    assertEquals(1, issuer.discoveryRequests.get());
    assertEquals(1, issuer.jwksRequests.get(), "keys are cached");
  }

  @Test
  void scopesMayBeAnArrayAndAudienceAList() {
    OidcIdentity id = assertInstanceOf(OidcIdentity.class, verifier.verify(TestIssuer.sign(rsa,
        claims().audience(List.of("other", "lightbox-api"))
            .claim("scope", List.of("delete", "admin", "email")).build())));
    assertEquals(Set.of("delete", "admin"), id.scopes());
    id = assertInstanceOf(OidcIdentity.class, verifier.verify(TestIssuer.sign(rsa,
        claims().claim("scope", null).build())));
    assertEquals(Set.of(), id.scopes());
  }

  @Test
  void configurableTenantAndScopeClaims() {
    OidcVerifier custom = new OidcVerifier(OidcConfig.of(issuer.issuer(), "lightbox-api")
        .withClaims("org", "scp"), clock);
    OidcIdentity id = assertInstanceOf(OidcIdentity.class, custom.verify(TestIssuer.sign(rsa,
        claims().claim("org", "cardiology").claim("scp", "read").build())));
    assertEquals("cardiology", id.tenant());
    assertEquals(Set.of("read"), id.scopes());
    assertEquals(Reason.MISSING_TENANT, reason(custom.verify(TestIssuer.sign(rsa,
        claims().build()))), "the default 'tenant' claim is not read when another is set");
  }

  @Test
  void wrongAudienceIssuerAndMissingTenantAreRefused() {
    assertEquals(Reason.WRONG_AUDIENCE, reason(sign(claims().audience("another-api"))));
    assertEquals(Reason.WRONG_AUDIENCE, reason(sign(claims().audience((String) null))));
    assertEquals(Reason.WRONG_ISSUER, reason(sign(claims().issuer("https://evil.example"))));
    // Exact comparison: a trailing slash is another issuer (OIDC Core 3.1.3.7).
    assertEquals(Reason.WRONG_ISSUER, reason(sign(claims().issuer(issuer.issuer() + "/"))));
    assertEquals(Reason.MISSING_TENANT, reason(sign(claims().claim("tenant", null))));
    assertEquals(Reason.MISSING_TENANT, reason(sign(claims().claim("tenant", ""))));
    assertEquals(Reason.MISSING_TENANT, reason(sign(claims().claim("tenant", 7))));
    // The index keeps tenants of at most 64 characters: a longer claim is no tenant, never cut.
    assertEquals(Reason.MISSING_TENANT, reason(sign(claims().claim("tenant", "t".repeat(65)))));
    assertEquals("t".repeat(64), assertInstanceOf(OidcIdentity.class,
        sign(claims().claim("tenant", "t".repeat(64)))).tenant());
    assertEquals(Reason.MISSING_TENANT, reason(sign(claims().claim("tenant", "a\nb"))));
    assertEquals(Reason.MISSING_CLAIM, reason(sign(claims().subject(null))));
    assertEquals(Reason.MISSING_CLAIM, reason(sign(claims().expirationTime(null))));
  }

  @Test
  void expiryAndNotBeforeWithSixtySecondsOfSkew() {
    Instant now = clock.instant();
    assertEquals(Reason.EXPIRED, reason(sign(claims().expirationTime(
        Date.from(now.minusSeconds(61))))));
    assertInstanceOf(OidcIdentity.class, verifier.verify(TestIssuer.sign(rsa,
        claims().expirationTime(Date.from(now.minusSeconds(59))).build())));
    assertEquals(Reason.NOT_YET_VALID, reason(sign(claims().notBeforeTime(
        Date.from(now.plusSeconds(61))))));
    assertInstanceOf(OidcIdentity.class, verifier.verify(TestIssuer.sign(rsa,
        claims().notBeforeTime(Date.from(now.plusSeconds(59))).build())));
    String token = TestIssuer.sign(rsa, claims().build());
    clock.advance(Duration.ofMinutes(12));
    assertEquals(Reason.EXPIRED, reason(verifier.verify(token)), "valid once, expired later");
  }

  /**
   * A token accepted once is answered from the cache for a minute (no signature check), but never
   * past its own expiry, and after the minute it is checked again against the current keys.
   */
  @Test
  void acceptedTokensAreCachedForAMinuteAtMostAndNeverPastExpiry() {
    String token = TestIssuer.sign(rsa, claims().expirationTime(
        Date.from(clock.instant().plus(Duration.ofHours(2)))).build());
    for (int i = 0; i < 5; i++) {
      assertInstanceOf(OidcIdentity.class, verifier.verify(token));
    }
    assertEquals(4, verifier.cacheHits());
    issuer.publish(ec); // the issuer withdraws the RSA key
    clock.advance(Duration.ofMinutes(61));
    assertEquals(Reason.UNKNOWN_KEY, reason(verifier.verify(token)),
        "checked again once the cache entry is older than a minute");
    String almostExpired = TestIssuer.sign(ec, claims().expirationTime(
        Date.from(clock.instant().minusSeconds(30))).build()); // accepted within the skew
    assertInstanceOf(OidcIdentity.class, verifier.verify(almostExpired));
    clock.advance(Duration.ofSeconds(31));
    assertEquals(Reason.EXPIRED, reason(verifier.verify(almostExpired)));
    assertEquals(4, verifier.cacheHits());
  }

  @Test
  void algNoneIsRefused() {
    String unsigned = new PlainJWT(claims().build()).serialize();
    assertTrue(unsigned.endsWith("."), unsigned);
    assertEquals(Reason.UNSUPPORTED_ALGORITHM, reason(verifier.verify(unsigned)));
    // The same with a signature part tacked on, and with "alg":"None" spelled otherwise.
    String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"alg\":\"none\",\"kid\":\"rsa-1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String rest = unsigned.substring(unsigned.indexOf('.'));
    assertEquals(Reason.UNSUPPORTED_ALGORITHM, reason(verifier.verify(header + rest + "AAAA")));
  }

  /**
   * Key confusion: HS256 with the issuer's public RSA key as the HMAC secret. A verifier that let
   * the token pick the algorithm would check the MAC with that (public) key and accept it.
   */
  @Test
  void hs256SignedWithThePublicKeyIsRefused() throws Exception {
    for (byte[] secret : List.of(rsa.toRSAPublicKey().getEncoded(),
        rsa.toPublicJWK().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1")
          .build(), claims().build());
      jwt.sign(new MACSigner(secret));
      assertEquals(Reason.UNSUPPORTED_ALGORITHM, reason(verifier.verify(jwt.serialize())));
    }
  }

  @Test
  void aForgedSignatureAndAWrongKeyTypeAreRefused() {
    assertEquals(Reason.BAD_SIGNATURE, reason(verifier.verify(TestIssuer.sign(stranger,
        claims().build()))));
    // A valid token with one claim changed after signing.
    String token = TestIssuer.sign(rsa, claims().build());
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(claims().claim("tenant", "oncology").build().toString()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
    assertEquals(Reason.BAD_SIGNATURE, reason(verifier.verify(tampered)));
    // ES256 header naming the RSA key: no EC key has that kid, never an RSA key used as EC.
    String[] ecParts = TestIssuer.sign(ec, claims().build()).split("\\.");
    String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(Reason.UNKNOWN_KEY, reason(verifier.verify(header + "." + ecParts[1] + "."
        + ecParts[2])));
  }

  @Test
  void malformedTokens() {
    for (String t : new String[] {null, "", "opaque-lightbox-token", "a.b", "a.b.c.d.e",
        "!!.??.**", "e30.e30.AAAA", "x".repeat(20_000) + ".a.b"}) {
      OidcOutcome o = verifier.verify(t);
      assertInstanceOf(OidcRejection.class, o, String.valueOf(t));
      assertEquals(Reason.MALFORMED, ((OidcRejection) o).reason(), String.valueOf(t));
    }
    assertFalse(OidcVerifier.looksLikeJwt("lbx_3f9a0c"));
    assertTrue(OidcVerifier.looksLikeJwt(TestIssuer.sign(rsa, claims().build())));
  }

  /**
   * The issuer rotates to a new key: the first token with the new kid makes the verifier fetch
   * the JWKS again and is accepted. Tokens with invented kids then cost the issuer nothing until
   * the refetch interval (30 s) has passed, and then one request.
   */
  @Test
  void unknownKidRefetchesTheJwksAtMostOncePerInterval() {
    assertInstanceOf(OidcIdentity.class, verifier.verify(TestIssuer.sign(rsa, claims().build())));
    assertEquals(1, issuer.jwksRequests.get());
    issuer.publish(rotatedRsa, ec);
    clock.advance(Duration.ofSeconds(31));
    assertInstanceOf(OidcIdentity.class, verifier.verify(TestIssuer.sign(rotatedRsa,
        claims().build())));
    assertEquals(2, issuer.jwksRequests.get(), "the rotated key was fetched");
    assertEquals(Reason.UNKNOWN_KEY, reason(verifier.verify(TestIssuer.sign(rsa,
        claims().build()))), "the withdrawn key is gone with the refetch");
    for (int i = 0; i < 50; i++) {
      RSAKey invented = new RSAKey.Builder(stranger).keyID("invented-" + i).build();
      assertEquals(Reason.UNKNOWN_KEY, reason(verifier.verify(TestIssuer.sign(invented,
          claims().build()))));
    }
    assertEquals(2, issuer.jwksRequests.get(), "no refetch within 30 s of the last one");
    clock.advance(Duration.ofSeconds(31));
    for (int i = 0; i < 50; i++) {
      RSAKey invented = new RSAKey.Builder(stranger).keyID("again-" + i).build();
      assertEquals(Reason.UNKNOWN_KEY, reason(verifier.verify(TestIssuer.sign(invented,
          claims().build()))));
    }
    assertEquals(3, issuer.jwksRequests.get(), "one refetch per interval");
    assertEquals(1, issuer.discoveryRequests.get(), "discovery is read once");
  }

  @Test
  void keysOlderThanTheMaximumAgeAreFetchedAgain() {
    assertInstanceOf(OidcIdentity.class, verifier.verify(TestIssuer.sign(rsa, claims().build())));
    issuer.publish(ec); // the issuer withdrew the RSA key
    clock.advance(Duration.ofMinutes(61));
    assertEquals(Reason.UNKNOWN_KEY, reason(verifier.verify(TestIssuer.sign(rsa,
        claims().build()))));
    assertEquals(2, issuer.jwksRequests.get());
  }

  /**
   * While one request refreshes old keys from a slow issuer, requests whose key is still cached
   * are answered at once with the cached keys instead of queueing behind the fetch.
   */
  @Test
  void aSlowRefreshDoesNotHoldUpRequestsThatHaveTheirKey() throws Exception {
    assertInstanceOf(OidcIdentity.class, verifier.verify(TestIssuer.sign(rsa, claims().build())));
    clock.advance(Duration.ofMinutes(61)); // the keys are now too old: the next use refreshes
    issuer.jwksDelayMillis = 3000;
    var refresher = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> verifier.verify(TestIssuer.sign(rsa, claims().build())));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (issuer.jwksRequests.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(2, issuer.jwksRequests.get(), "the refresh reached the issuer");
    long t0 = System.nanoTime();
    assertInstanceOf(OidcIdentity.class, verifier.verify(TestIssuer.sign(ec, claims().build())));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(millis < 1000, "waited " + millis + " ms for another request's fetch");
    assertFalse(refresher.isDone(), "the refresh was still running");
    assertInstanceOf(OidcIdentity.class, refresher.get(10, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(2, issuer.jwksRequests.get());
  }

  @Test
  void aDiscoveryDocumentNamingAnotherIssuerIsAnIssuerFailure() {
    issuer.claimIssuer("https://somewhere-else.example");
    OidcRejection r = assertInstanceOf(OidcRejection.class, verifier.verify(
        TestIssuer.sign(rsa, claims().build())));
    assertEquals(Reason.ISSUER_UNAVAILABLE, r.reason());
    assertTrue(r.detail().contains("names issuer 'https://somewhere-else.example'"), r.detail());
    assertTrue(verifier.prefetch().isPresent());
  }

  /**
   * An issuer that accepts the connection but never answers (the listen backlog accepts it; no
   * one reads): the verifier gives up after its read timeout with ISSUER_UNAVAILABLE, and does
   * not try again for the next tokens within the refetch interval. A closed port fails at once.
   */
  @Test
  void anUnresponsiveIssuerFailsWithinTheTimeoutsAndIsNotRetriedAtOnce() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      OidcConfig config = OidcConfig.of("http://127.0.0.1:" + silent.getLocalPort() + "/realm",
          "lightbox-api").withTimeouts(Duration.ofMillis(500), Duration.ofMillis(700));
      OidcVerifier v = new OidcVerifier(config, clock);
      String token = TestIssuer.sign(rsa, claims().issuer(config.issuerId()).build());
      long t0 = System.nanoTime();
      OidcRejection r = assertInstanceOf(OidcRejection.class, v.verify(token));
      long firstMillis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(Reason.ISSUER_UNAVAILABLE, r.reason());
      assertTrue(r.detail().contains("timed out"), r.detail());
      assertTrue(firstMillis >= 600 && firstMillis < 5000, firstMillis + " ms");
      t0 = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        assertEquals(Reason.ISSUER_UNAVAILABLE, reason(v.verify(token)));
      }
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 500, "no new attempt per token");
      assertEquals(1, v.fetchAttempts());
    }
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    OidcVerifier refused = new OidcVerifier(OidcConfig.of("http://127.0.0.1:" + closedPort,
        "lightbox-api"), clock);
    long t0 = System.nanoTime();
    OidcRejection r = assertInstanceOf(OidcRejection.class, refused.verify(TestIssuer.sign(rsa,
        claims().issuer("http://127.0.0.1:" + closedPort).build())));
    assertEquals(Reason.ISSUER_UNAVAILABLE, r.reason());
    assertTrue(r.detail().contains("Connection refused"), r.detail());
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000);
  }

  @Test
  void issuerUrlRules() {
    OidcConfig.of("https://login.example/realms/a", "x");
    OidcConfig.of("http://127.0.0.2:8080", "x");
    for (String bad : new String[] {"http://login.example", "http://10.0.0.1", "ftp://x",
        "https://user@login.example", "https://login.example?x=1", "/relative",
        "http://localhost.example.com"}) {
      assertInstanceOf(IllegalArgumentException.class, assertThrowsAny(() ->
          OidcConfig.of(bad, "x")), bad);
    }
    assertEquals(URI.create("https://login.example/realms/a/.well-known/openid-configuration"),
        OidcConfig.of("https://login.example/realms/a/", "x").discoveryUri());
  }

  private static Throwable assertThrowsAny(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("no exception");
  }

  private OidcOutcome sign(JWTClaimsSet.Builder claims) {
    return verifier.verify(TestIssuer.sign(rsa, claims.build()));
  }

  private static Reason reason(OidcOutcome o) {
    return assertInstanceOf(OidcRejection.class, o, String.valueOf(o)).reason();
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
