package dev.lightbox.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading PEM certificate chains and keys, and the one-line errors for every bad file. */
class TlsMaterialTest {
  @TempDir static Path dir;
  static TestCertificates certs;

  @BeforeAll
  static void generate() throws Exception {
    certs = TestCertificates.generate(dir);
  }

  @Test
  void everyAcceptedKeyFormLoadsAndPairsWithItsCertificate() throws Exception {
    for (Path[] pair : new Path[][] {{certs.rsaCert, certs.rsaPkcs8},
        {certs.rsaCert, certs.rsaPkcs1}, {certs.ecCert, certs.ecSec1},
        {certs.ecCert, certs.ecPkcs8}}) {
      TlsMaterial m = TlsMaterial.load(pair[0], pair[1]);
      assertEquals(TestCertificates.certificate(pair[0]), m.certificate(), pair[1].toString());
    }
  }

  @Test
  void aChainFileKeepsTheServerCertificateFirstAndMustBeAChain() throws Exception {
    TlsMaterial m = TlsMaterial.load(certs.chain, certs.leafKey);
    assertEquals("CN=lightbox-test-leaf", m.certificate().getSubjectX500Principal().getName());
    Path reversed = dir.resolve("reversed.pem");
    Files.writeString(reversed, Files.readString(certs.caCert) + Files.readString(certs.chain));
    assertEquals("--tls-cert " + reversed + ": the certificates do not form a chain "
        + "(certificate 1 is not issued by certificate 2; server certificate first, each one "
        + "issued by the next)", error(reversed, certs.leafKey));
    Path unrelated = dir.resolve("unrelated.pem");
    Files.writeString(unrelated, Files.readString(certs.rsaCert)
        + Files.readString(certs.ecCert));
    assertEquals("--tls-cert " + unrelated + ": the certificates do not form a chain "
        + "(certificate 1 is not issued by certificate 2; server certificate first, each one "
        + "issued by the next)", error(unrelated, certs.rsaPkcs8));
  }

  @Test
  void missingFiles() {
    Path missing = dir.resolve("nope.pem");
    assertEquals("--tls-cert " + missing + ": no such file",
        error(missing, certs.rsaPkcs8));
    assertEquals("--tls-key " + missing + ": no such file",
        error(certs.rsaCert, missing));
  }

  @Test
  void aDirectoryIsNotAFile() {
    assertEquals("--tls-key " + dir + ": is a directory, not a PEM file",
        error(certs.rsaCert, dir));
  }

  @Test
  void filesThatAreNotPem() throws Exception {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "this is not a certificate\n");
    assertEquals("--tls-cert " + text + ": not PEM (no '-----BEGIN CERTIFICATE-----' block)",
        error(text, certs.rsaPkcs8));
    assertEquals("--tls-key " + text + ": not PEM (no '-----BEGIN ... PRIVATE KEY-----' block); "
        + TlsMaterial.ACCEPTED_KEYS, error(certs.rsaCert, text));
    Path der = dir.resolve("cert.der");
    TestCertificates.openssl(dir, "x509", "-in", certs.rsaCert.toString(), "-outform", "DER",
        "-out", der.toString());
    assertEquals("--tls-cert " + der + ": not PEM (no '-----BEGIN CERTIFICATE-----' block)",
        error(der, certs.rsaPkcs8));
    Path broken = dir.resolve("broken.pem");
    Files.writeString(broken, "-----BEGIN CERTIFICATE-----\n%%%not base64%%%\n"
        + "-----END CERTIFICATE-----\n");
    assertEquals("--tls-cert " + broken + ": not PEM: the CERTIFICATE block is not valid base64",
        error(broken, certs.rsaPkcs8));
  }

  @Test
  void swappedFilesNameWhatWasFound() {
    assertEquals("--tls-cert " + certs.rsaPkcs8 + ": no CERTIFICATE block (found PRIVATE KEY)",
        error(certs.rsaPkcs8, certs.rsaCert));
    assertEquals("--tls-key " + certs.rsaCert + ": no private key block (found CERTIFICATE); "
        + TlsMaterial.ACCEPTED_KEYS, error(certs.rsaCert, certs.rsaCert));
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    assertEquals("--tls-key " + certs.otherRsaKey + ": private key does not match the "
        + "certificate in " + certs.rsaCert, error(certs.rsaCert, certs.otherRsaKey));
    assertEquals("--tls-key " + certs.ecPkcs8 + ": private key does not match the certificate "
        + "(EC key, RSA certificate)", error(certs.rsaCert, certs.ecPkcs8));
    assertEquals("--tls-key " + certs.ecSec1 + ": private key does not match the certificate "
        + "(EC key, RSA certificate)", error(certs.rsaCert, certs.ecSec1));
    assertEquals("--tls-key " + certs.rsaPkcs1 + ": private key does not match the certificate "
        + "(RSA key, EC certificate)", error(certs.ecCert, certs.rsaPkcs1));
  }

  @Test
  void encryptedAndUnknownKeyFormsNameTheAcceptedOnes() throws Exception {
    assertEquals("--tls-key " + certs.encryptedKey + ": encrypted private keys are not "
        + "supported; " + TlsMaterial.ACCEPTED_KEYS, error(certs.rsaCert, certs.encryptedKey));
    Path legacyEncrypted = dir.resolve("legacy-encrypted.pem");
    TestCertificates.openssl(dir, "rsa", "-in", certs.rsaPkcs8.toString(), "-traditional",
        "-aes128", "-passout", "pass:secret", "-out", legacyEncrypted.toString());
    assertEquals("--tls-key " + legacyEncrypted + ": encrypted private keys are not "
        + "supported; " + TlsMaterial.ACCEPTED_KEYS, error(certs.rsaCert, legacyEncrypted));
    Path openssh = dir.resolve("id_ed25519");
    Files.writeString(openssh, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
        + "-----END OPENSSH PRIVATE KEY-----\n");
    assertEquals("--tls-key " + openssh + ": unsupported key format 'BEGIN OPENSSH PRIVATE KEY'; "
        + TlsMaterial.ACCEPTED_KEYS, error(certs.rsaCert, openssh));
  }

  private static String error(Path cert, Path key) {
    return assertThrows(TlsFileException.class, () -> TlsMaterial.load(cert, key)).getMessage();
  }
}
