package dev.lightbox.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates and keys made at test time by the system {@code openssl} (Debian package openssl),
 * in every PEM form the server accepts, plus the wrong ones. A missing openssl fails the test
 * (it is a declared test tool, docs/dependencies.md), it never skips.
 */
public final class TestCertificates {
  public final Path rsaCert;
  public final Path rsaPkcs8;
  public final Path rsaPkcs1;
  public final Path ecCert;
  public final Path ecSec1;
  public final Path ecPkcs8;
  public final Path otherRsaKey;
  public final Path encryptedKey;
  /** A test CA, and a server certificate it issued: {@code chain} is leaf then CA. */
  public final Path caCert;
  public final Path leafKey;
  public final Path chain;

  private TestCertificates(Path dir) {
    rsaCert = dir.resolve("rsa-cert.pem");
    rsaPkcs8 = dir.resolve("rsa-pkcs8.pem");
    rsaPkcs1 = dir.resolve("rsa-pkcs1.pem");
    ecCert = dir.resolve("ec-cert.pem");
    ecSec1 = dir.resolve("ec-sec1.pem");
    ecPkcs8 = dir.resolve("ec-pkcs8.pem");
    otherRsaKey = dir.resolve("other-rsa.pem");
    encryptedKey = dir.resolve("encrypted.pem");
    caCert = dir.resolve("ca-cert.pem");
    leafKey = dir.resolve("leaf-key.pem");
    chain = dir.resolve("chain.pem");
  }

  /** Generates everything in {@code dir} (a few hundred milliseconds: two RSA keys). */
  public static TestCertificates generate(Path dir) throws IOException, InterruptedException {
    TestCertificates c = new TestCertificates(dir);
    String san = "subjectAltName=IP:127.0.0.1,DNS:localhost";
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", c.rsaPkcs8.toString(),
        "-out", c.rsaCert.toString(), "-days", "2", "-subj", "/CN=lightbox-test-rsa",
        "-addext", san);
    openssl(dir, "rsa", "-in", c.rsaPkcs8.toString(), "-traditional", "-out",
        c.rsaPkcs1.toString());
    openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out",
        c.ecSec1.toString());
    openssl(dir, "req", "-x509", "-key", c.ecSec1.toString(), "-out", c.ecCert.toString(),
        "-days", "2", "-subj", "/CN=lightbox-test-ec", "-addext", san);
    openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", c.ecSec1.toString(), "-out",
        c.ecPkcs8.toString());
    openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
        c.otherRsaKey.toString());
    openssl(dir, "pkcs8", "-topk8", "-in", c.rsaPkcs8.toString(), "-passout", "pass:secret",
        "-out", c.encryptedKey.toString());
    Path caKey = dir.resolve("ca-key.pem");
    Path leafCert = dir.resolve("leaf-cert.pem");
    Path csr = dir.resolve("leaf.csr");
    Path ext = dir.resolve("leaf.ext");
    Files.writeString(ext, san + "\n");
    openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", caKey.toString());
    openssl(dir, "req", "-x509", "-key", caKey.toString(), "-out", c.caCert.toString(), "-days",
        "2", "-subj", "/CN=lightbox-test-ca");
    openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out",
        c.leafKey.toString());
    openssl(dir, "req", "-new", "-key", c.leafKey.toString(), "-out", csr.toString(), "-subj",
        "/CN=lightbox-test-leaf");
    openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", c.caCert.toString(), "-CAkey",
        caKey.toString(), "-set_serial", "7", "-days", "2", "-extfile", ext.toString(), "-out",
        leafCert.toString());
    // Text between blocks, as in bundles written by "openssl x509 -text" or some CAs.
    Files.writeString(c.chain, "subject=CN = lightbox-test-leaf\n" + Files.readString(leafCert)
        + "issuer=CN = lightbox-test-ca\n" + Files.readString(c.caCert));
    // The forms really are the ones each test names (openssl's defaults could change).
    assertPemLabel(c.rsaPkcs8, "PRIVATE KEY");
    assertPemLabel(c.rsaPkcs1, "RSA PRIVATE KEY");
    assertPemLabel(c.ecSec1, "EC PRIVATE KEY");
    assertPemLabel(c.ecPkcs8, "PRIVATE KEY");
    assertPemLabel(c.encryptedKey, "ENCRYPTED PRIVATE KEY");
    return c;
  }

  /** A client context trusting exactly the certificate in {@code certFile}. */
  public static SSLContext trusting(Path certFile) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    CertificateFactory f = CertificateFactory.getInstance("X.509");
    trust.setCertificateEntry("server", f.generateCertificate(
        new ByteArrayInputStream(Files.readAllBytes(certFile))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  static X509Certificate certificate(Path certFile) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(Files.readAllBytes(certFile)));
  }

  /** Runs openssl with {@code args}; returns its combined output; fails on a non-zero exit. */
  public static String openssl(Path dir, String... args) throws IOException, InterruptedException {
    ProcessResult r = run(dir, null, args);
    assertEquals(0, r.exit(), "openssl " + String.join(" ", args) + ":\n" + r.output());
    return r.output();
  }

  /** Exit code and combined stdout/stderr of one openssl run. */
  public record ProcessResult(int exit, String output) {}

  /** Runs openssl with {@code stdin} (may be null: empty) and returns exit code and output. */
  public static ProcessResult run(Path dir, String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.US_ASCII));
      }
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("openssl did not finish: " + command);
    }
    return new ProcessResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static void assertPemLabel(Path file, String label) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    assertEquals(true, text.startsWith("-----BEGIN " + label + "-----"),
        file + " should be a '" + label + "' PEM file");
  }
}
