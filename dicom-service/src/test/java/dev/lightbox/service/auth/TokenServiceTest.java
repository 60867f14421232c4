package dev.lightbox.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;
import dev.lightbox.storage.index.JdbcInstanceIndex;
import dev.lightbox.storage.index.SqliteInstanceIndex;
import dev.lightbox.storage.index.TokenRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenServiceTest {
  @TempDir java.nio.file.Path dir;

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-03-04T05:06:07Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private JdbcInstanceIndex index;
  private final TestClock clock = new TestClock();
  private TokenService tokens;
  private TokenService otherNode;

  @BeforeEach
  void open() throws Exception {
    index = SqliteInstanceIndex.open(dir);
    tokens = new TokenService(index.tokens(), clock);
    otherNode = new TokenService(index.tokens(), clock);
  }

  @AfterEach
  void close() {
    tokens.close();
    otherNode.close();
    index.close();
  }

  private static NewToken request(String tenant, String scopes) {
    return new NewToken(tenant, Scope.parseList(scopes), Optional.empty(), Optional.empty());
  }

  @Test
  void onlyTheSha256OfTheSecretIsStored() throws Exception {
    TokenService.Created c = tokens.create(new NewToken("acme", Set.of(Scope.READ),
        Optional.of(Duration.ofDays(3)), Optional.of("ci")));
    assertTrue(c.secret().matches("lbx_[A-Za-z0-9_-]{43}"), c.secret());
    TokenRow row = index.tokens().all().get(0);
    String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(c.secret().getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, row.secretHash());
    assertFalse(row.toString().contains(c.secret().substring(4)));
    assertEquals(Optional.of(clock.now.plus(Duration.ofDays(3))), row.expiresAt());
    assertEquals("read", row.scopes());
    assertEquals(Optional.of("ci"), row.name());
    assertTrue(row.id().matches("tok_[0-9a-f]{16}"), row.id());
  }

  @Test
  void aCreatedTokenAuthenticatesWithItsTenantAndScopes() throws Exception {
    TokenService.Created c = tokens.create(request("acme", "read,delete"));
    Principal p = otherNode.authenticator().authenticate(c.secret());
    assertEquals(new Principal(c.info().id(), "acme", EnumSet.of(Scope.READ, Scope.DELETE)), p);
  }

  @Test
  void unknownExpiredAndRevokedTokensAreRefusedWithTheirReason() throws Exception {
    TokenService.Created expiring = tokens.create(new NewToken("acme", Set.of(Scope.READ),
        Optional.of(Duration.ofDays(1)), Optional.empty()));
    TokenService.Created revoked = tokens.create(request("acme", "read"));
    tokens.revoke(revoked.info().id());
    TokenAuthenticator auth = otherNode.authenticator();
    assertEquals(AuthFailure.UNKNOWN, assertThrows(AuthenticationException.class,
        () -> auth.authenticate("lbx_" + "A".repeat(43))).failure());
    AuthenticationException r = assertThrows(AuthenticationException.class,
        () -> auth.authenticate(revoked.secret()));
    assertEquals(AuthFailure.REVOKED, r.failure());
    assertEquals(Optional.of(revoked.info().id()), r.subject());
    auth.authenticate(expiring.secret());
    clock.now = clock.now.plus(Duration.ofDays(1));
    assertEquals(AuthFailure.EXPIRED, assertThrows(AuthenticationException.class,
        () -> auth.authenticate(expiring.secret())).failure());
  }

  @Test
  void aRevocationOnAnotherNodeReachesTheSnapshotAtTheNextReload() throws Exception {
    TokenService.Created c = tokens.create(request("acme", "read"));
    TokenAuthenticator auth = otherNode.authenticator();
    assertNull(auth.fromMemory(c.secret()), "nothing loaded yet: the caller must look it up");
    auth.refresh();
    assertEquals("acme", auth.fromMemory(c.secret()).tenant(), "answered from memory");
    tokens.revoke(c.info().id());
    assertEquals("acme", auth.fromMemory(c.secret()).tenant(), "stale until the next reload");
    auth.refresh();
    assertEquals(AuthFailure.REVOKED, assertThrows(AuthenticationException.class,
        () -> auth.fromMemory(c.secret())).failure());
  }

  @Test
  void theThreadsLastCredentialIsJudgedAgainAtEveryReloadAndOnExpiry() throws Exception {
    TokenService.Created c = tokens.create(new NewToken("acme", Set.of(Scope.READ),
        Optional.of(Duration.ofDays(1)), Optional.empty()));
    TokenAuthenticator auth = otherNode.authenticator();
    auth.refresh();
    assertEquals("acme", auth.fromMemory(c.secret()).tenant());
    assertEquals("acme", auth.fromMemory(c.secret()).tenant(), "the same credential again");
    String other = c.secret().substring(0, 46) + (c.secret().endsWith("A") ? "B" : "A");
    assertNull(auth.fromMemory(other), "a credential differing in its last character is new");
    tokens.revoke(c.info().id());
    auth.refresh();
    assertEquals(AuthFailure.REVOKED, assertThrows(AuthenticationException.class,
        () -> auth.fromMemory(c.secret())).failure(), "the reload ends the remembered answer");
    TokenService.Created d = tokens.create(new NewToken("acme", Set.of(Scope.READ),
        Optional.of(Duration.ofDays(1)), Optional.empty()));
    auth.refresh();
    auth.fromMemory(d.secret());
    clock.now = clock.now.plus(Duration.ofDays(1));
    assertEquals(AuthFailure.EXPIRED, assertThrows(AuthenticationException.class,
        () -> auth.fromMemory(d.secret())).failure(), "expiry is checked on every request");
  }

  @Test
  void aTokenCreatedAfterTheReloadIsFoundOnMissAndUnknownOnesAreRemembered() throws Exception {
    TokenAuthenticator auth = otherNode.authenticator();
    auth.refresh();
    String unknown = "lbx_" + "B".repeat(43);
    assertNull(auth.fromMemory(unknown), "not in memory: ask the index");
    assertThrows(AuthenticationException.class, () -> auth.authenticate(unknown));
    assertEquals(AuthFailure.UNKNOWN, assertThrows(AuthenticationException.class,
        () -> auth.fromMemory(unknown)).failure(), "the index's answer is remembered");
    TokenService.Created c = tokens.create(request("acme", "write"));
    assertNull(auth.fromMemory(c.secret()));
    assertEquals("acme", auth.authenticate(c.secret()).tenant());
    assertEquals("acme", auth.fromMemory(c.secret()).tenant(), "kept after the lookup");
  }

  @Test
  void useIsRecordedAtTheNextReload() throws Exception {
    TokenService.Created c = tokens.create(request("acme", "read"));
    TokenAuthenticator auth = otherNode.authenticator();
    auth.authenticate(c.secret());
    assertEquals(Optional.empty(), tokens.list().get(0).lastUsed());
    auth.refresh();
    assertEquals(Optional.of(clock.now), tokens.list().get(0).lastUsed());
  }

  @Test
  void namesAreUniqueAndRevokeTakesIdOrName() throws Exception {
    tokens.create(new NewToken("acme", Set.of(Scope.READ), Optional.empty(), Optional.of("ci")));
    ServiceException e = assertThrows(ServiceException.class, () -> tokens.create(
        new NewToken("acme", Set.of(Scope.READ), Optional.empty(), Optional.of("ci"))));
    assertEquals(Failure.CONFLICT, e.failure());
    assertTrue(tokens.revoke("ci").isPresent());
    assertTrue(tokens.revoke("nope").isEmpty());
  }

  @Test
  void badRequestsAreRefusedBeforeAnythingIsStored() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> request("bad tenant", "read"));
    assertThrows(IllegalArgumentException.class, () -> request("acme", "read,root"));
    assertThrows(IllegalArgumentException.class, () -> request("acme", ""));
    assertThrows(IllegalArgumentException.class, () -> new NewToken("acme", Set.of(Scope.READ),
        Optional.empty(), Optional.of("tok_123")));
    assertEquals(0, tokens.list().size());
  }
}
