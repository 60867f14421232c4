package dev.lightbox.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.http.SecurityConfig;
import dev.lightbox.http.auth.oidc.OidcConfig;
import dev.lightbox.http.tls.TestCertificates;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --tls-cert/--tls-key/--oidc-*}: parsing, validation, and the exit-2 lines. */
class ServeSecurityOptionsTest {
  @TempDir static Path dir;
  static TestCertificates certs;

  @BeforeAll
  static void generate() throws Exception {
    certs = TestCertificates.generate(dir);
  }

  static SecurityConfig parse(Map<String, String> env, String... args) {
    ServeCommand cmd = new ServeCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.security(env);
  }

  @Test
  void offByDefault() {
    SecurityConfig s = parse(Map.of());
    assertTrue(s.tls().isEmpty());
    assertTrue(s.oidc().isEmpty());
  }

  @Test
  void tlsFromFlagsOrEnvironment() {
    assertTrue(parse(Map.of(), "--tls-cert", certs.rsaCert.toString(), "--tls-key",
        certs.rsaPkcs8.toString()).tls().isPresent());
    assertTrue(parse(Map.of("LIGHTBOX_TLS_CERT", certs.ecCert.toString(), "LIGHTBOX_TLS_KEY",
        certs.ecSec1.toString())).tls().isPresent());
    assertEquals("--tls-cert and --tls-key must be given together", assertThrows(
        IllegalArgumentException.class, () -> parse(Map.of(), "--tls-cert",
            certs.rsaCert.toString())).getMessage());
  }

  @Test
  void badTlsFilesEndServeWithExit2AndOneLineNamingTheFile() {
    Path missing = dir.resolve("missing.pem");
    CliTest.Run r = CliTest.run("serve", "--port", "0", "--data", dir.resolve("d").toString(),
        "--tls-cert", missing.toString(), "--tls-key", certs.rsaPkcs8.toString());
    assertEquals(Lightbox.EXIT_USAGE, r.exit());
    assertEquals("lightbox: --tls-cert " + missing + ": no such file\n", r.err());
    assertEquals("", r.out());
    r = CliTest.run("serve", "--port", "0", "--data", dir.resolve("d").toString(),
        "--tls-cert", certs.rsaCert.toString(), "--tls-key", certs.otherRsaKey.toString());
    assertEquals(Lightbox.EXIT_USAGE, r.exit());
    assertEquals("lightbox: --tls-key " + certs.otherRsaKey + ": private key does not match "
        + "the certificate in " + certs.rsaCert + "\n", r.err());
  }

  @Test
  void oidcOptionsWithDefaultsAndOverrides() {
    OidcConfig o = parse(Map.of(), "--oidc-issuer", "https://login.example/realms/x",
        "--oidc-audience", "lightbox").oidc().orElseThrow();
    assertEquals(URI.create("https://login.example/realms/x"), o.issuer());
    assertEquals("lightbox", o.audience());
    assertEquals("tenant", o.tenantClaim());
    assertEquals("scope", o.scopeClaim());
    o = parse(Map.of("LIGHTBOX_OIDC_ISSUER", "http://127.0.0.1:8180/", "LIGHTBOX_OIDC_AUDIENCE",
        "api", "LIGHTBOX_OIDC_TENANT_CLAIM", "org_id"), "--oidc-scope-claim", "scp")
        .oidc().orElseThrow();
    assertEquals("org_id", o.tenantClaim());
    assertEquals("scp", o.scopeClaim());
    assertEquals(URI.create("http://127.0.0.1:8180/.well-known/openid-configuration"),
        o.discoveryUri());
  }

  @Test
  void oidcValidation() {
    assertEquals("--oidc-issuer must be https (plain http only to a loopback address), got "
        + "http://login.example", error("--oidc-issuer", "http://login.example",
            "--oidc-audience", "a"));
    // A name that merely starts like a loopback address is not one (no DNS lookups either).
    assertTrue(error("--oidc-issuer", "http://127.0.0.1.nip.io", "--oidc-audience", "a")
        .startsWith("--oidc-issuer must be https"));
    assertEquals("--oidc-issuer needs --oidc-audience",
        error("--oidc-issuer", "https://login.example"));
    assertEquals("--oidc-audience, --oidc-tenant-claim and --oidc-scope-claim need "
        + "--oidc-issuer", error("--oidc-audience", "a"));
    assertTrue(error("--oidc-issuer", "https://login.example", "--oidc-audience", "a",
        "--oidc-tenant-claim", "bad claim").startsWith("--oidc-tenant-claim must be a claim"));
    assertTrue(parse(Map.of(), "--oidc-issuer", "http://localhost:9000/realm",
        "--oidc-audience", "a").oidc().isPresent());
    assertTrue(parse(Map.of(), "--oidc-issuer", "http://[::1]:9000", "--oidc-audience", "a")
        .oidc().isPresent());
  }

  private static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), args))
        .getMessage();
  }
}
