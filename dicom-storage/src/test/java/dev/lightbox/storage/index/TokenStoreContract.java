package dev.lightbox.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TokenStore} must do; run against SQLite, PostgreSQL and the memory one. */
abstract class TokenStoreContract {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  protected abstract TokenStore open() throws Exception;

  protected void closeStore() throws Exception {}

  protected TokenStore store;

  @BeforeEach
  void setUp() throws Exception {
    store = open();
  }

  @AfterEach
  void tearDown() throws Exception {
    closeStore();
  }

  static TokenRow row(String id, String hash, String name) {
    return new TokenRow(id, hash, Optional.ofNullable(name), "acme", "read,write", T0,
        Optional.empty(), Optional.of(T0.plusSeconds(86_400)), Optional.empty());
  }

  @Test
  void insertedRowsComeBackWhole() throws Exception {
    TokenRow a = row("tok_a", "hash-a", "ci");
    TokenRow b = new TokenRow("tok_b", "hash-b", Optional.empty(), "other", "admin",
        T0.plusMillis(1), Optional.empty(), Optional.empty(), Optional.empty());
    assertTrue(store.insert(a));
    assertTrue(store.insert(b));
    assertEquals(List.of(a, b), store.all());
    assertEquals(Optional.of(b), store.findByHash("hash-b"));
    assertEquals(Optional.empty(), store.findByHash("hash-c"));
  }

  @Test
  void aTakenNameOrIdIsRefusedAndNothingIsStored() throws Exception {
    assertTrue(store.insert(row("tok_a", "hash-a", "ci")));
    assertFalse(store.insert(row("tok_b", "hash-b", "ci")));
    assertFalse(store.insert(row("tok_a", "hash-c", null)));
    assertEquals(1, store.all().size());
    assertTrue(store.insert(row("tok_d", "hash-d", null)), "two unnamed tokens may coexist");
    assertTrue(store.insert(row("tok_e", "hash-e", null)));
  }

  @Test
  void revokeFindsByIdOrNameAndKeepsTheFirstTime() throws Exception {
    store.insert(row("tok_a", "hash-a", "ci"));
    store.insert(row("tok_b", "hash-b", null));
    Instant t1 = T0.plusSeconds(60);
    assertEquals(Optional.of(t1), store.revoke("ci", t1).flatMap(TokenRow::revokedAt));
    assertEquals(Optional.of(t1), store.revoke("tok_a", t1.plusSeconds(5))
        .flatMap(TokenRow::revokedAt), "a second revocation keeps the first time");
    assertEquals(Optional.of(t1), store.findByHash("hash-a").flatMap(TokenRow::revokedAt));
    assertEquals(Optional.empty(), store.findByHash("hash-b").flatMap(TokenRow::revokedAt));
    assertEquals(Optional.empty(), store.revoke("nobody", t1));
  }

  @Test
  void touchKeepsTheLatestUse() throws Exception {
    store.insert(row("tok_a", "hash-a", null));
    Instant t1 = T0.plusSeconds(10);
    store.touch(Map.of("tok_a", t1, "tok_unknown", t1));
    assertEquals(Optional.of(t1), store.findByHash("hash-a").flatMap(TokenRow::lastUsedAt));
    store.touch(Map.of("tok_a", T0));
    assertEquals(Optional.of(t1), store.findByHash("hash-a").flatMap(TokenRow::lastUsedAt),
        "an older time does not replace a newer one");
  }
}
