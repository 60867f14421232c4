package dev.lightbox.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.http.auth.AccessConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lightbox token create|list|revoke} and the serve refusal without auth (docs/cli.md). */
class TokenCommandTest {
  @TempDir Path data;

  private CliTest.Run run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data";
    all[args.length + 1] = data.toString();
    return CliTest.run(all);
  }

  @Test
  void createPrintsOnlyTheSecretAndListShowsEverythingButIt() throws Exception {
    CliTest.Run created = run("token", "create", "--tenant", "acme", "--scope", "read,write",
        "--expires-days", "30", "--name", "ci");
    assertEquals(0, created.exit(), created.err());
    String secret = created.out().strip();
    assertTrue(secret.matches("lbx_[A-Za-z0-9_-]{43}"), created.out());
    assertEquals(secret + System.lineSeparator(), created.out(), "one line, nothing else");
    CliTest.Run listed = run("token", "list");
    assertEquals(0, listed.exit(), listed.err());
    List<String> lines = listed.out().lines().toList();
    assertEquals(2, lines.size(), listed.out());
    assertTrue(lines.get(0).matches("ID +NAME +TENANT +SCOPES +CREATED +LAST USED +EXPIRES +STATE"),
        lines.get(0));
    assertTrue(lines.get(1).matches("tok_[0-9a-f]{16} +ci +acme +read,write +\\S+Z +never "
        + "+\\S+Z +active"), lines.get(1));
    assertFalse(listed.out().contains(secret.substring(4)), "list never shows the secret");
    for (Path f : Files.walk(data).filter(Files::isRegularFile).toList()) {
      assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
          .contains(secret.substring(4)), "the secret is stored in " + f);
    }
  }

  @Test
  void revokeTakesTheNameOrTheIdAndUnknownOnesExitOne() {
    run("token", "create", "--tenant", "acme", "--scope", "read", "--name", "ci");
    CliTest.Run revoked = run("token", "revoke", "ci");
    assertEquals(0, revoked.exit(), revoked.err());
    assertTrue(revoked.out().startsWith("revoked tok_"), revoked.out());
    assertTrue(run("token", "list").out().lines().skip(1).findFirst().orElseThrow()
        .contains("revoked 20"));
    CliTest.Run missing = run("token", "revoke", "tok_0000000000000000");
    assertEquals(1, missing.exit());
    assertEquals("lightbox: no token with id or name 'tok_0000000000000000'",
        missing.err().strip());
  }

  @Test
  void badRequestsAreUsageErrorsOfOneLine() {
    for (String[] args : new String[][] {
        {"token", "create", "--tenant", "acme", "--scope", "read,root"},
        {"token", "create", "--tenant", "no spaces", "--scope", "read"},
        {"token", "create", "--tenant", "acme", "--scope", "read", "--expires-days", "0"},
        {"token", "create", "--scope", "read"}}) {
      CliTest.Run r = run(args);
      assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("lightbox: "), r.err());
      assertEquals("", r.out());
    }
    run("token", "create", "--tenant", "acme", "--scope", "read", "--name", "twice");
    CliTest.Run again = run("token", "create", "--tenant", "acme", "--scope", "read", "--name",
        "twice");
    assertEquals(2, again.exit(), again.err());
    assertEquals("", again.out());
  }

  @Test
  void servingANonLoopbackAddressWithoutAuthIsRefusedWithExitTwo() {
    CliTest.Run r = CliTest.run("serve", "--host", "0.0.0.0", "--port", "0", "--data",
        data.toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("lightbox: refusing to serve 0.0.0.0 without authentication"),
        r.err());
    CliTest.Run none = CliTest.run("serve", "--host", "0.0.0.0", "--auth", "none", "--port", "0",
        "--data", data.toString());
    assertEquals(2, none.exit(), none.err());
  }

  @Test
  void theDefaultIsNoAuthOnlyOnLoopback() {
    assertTrue(AccessConfig.none().refusal("127.0.0.1").isEmpty());
    assertTrue(AccessConfig.none().refusal("::1").isEmpty());
    assertTrue(AccessConfig.none().refusal("localhost").isEmpty());
    assertTrue(AccessConfig.none().refusal("0.0.0.0").isPresent());
    assertTrue(AccessConfig.none().withInsecureNoAuth(true).refusal("0.0.0.0").isEmpty());
    assertTrue(AccessConfig.authRequired().refusal("0.0.0.0").isEmpty());
  }
}
