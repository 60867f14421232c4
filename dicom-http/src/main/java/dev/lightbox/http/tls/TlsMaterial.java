package dev.lightbox.http.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's certificate chain and private key, read from PEM files and checked to belong
 * together, as a ready {@link SSLContext}. Everything that can be wrong with the files is found
 * here, at startup, and reported as a {@link TlsFileException} naming the file.
 *
 * <p>Accepted: a certificate file with one or more {@code CERTIFICATE} blocks, the server's own
 * first (the order of RFC 8446 section 4.4.2); a key file with one unencrypted {@code PRIVATE KEY}
 * (PKCS#8), {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1) block. Encrypted
 * keys are refused: the server would need a passphrase at every start, which ends up in a file
 * next to the key anyway.
 */
public final class TlsMaterial {
  /** A PEM file larger than this is not a certificate chain or a key. */
  private static final long MAX_FILE_BYTES = 1 << 20;

  static final String ACCEPTED_KEYS = "accepted: unencrypted PEM 'BEGIN PRIVATE KEY' (PKCS#8), "
      + "'BEGIN RSA PRIVATE KEY' or 'BEGIN EC PRIVATE KEY'";

  private final List<X509Certificate> chain;
  private final SSLContext sslContext;

  private TlsMaterial(List<X509Certificate> chain, SSLContext sslContext) {
    this.chain = List.copyOf(chain);
    this.sslContext = sslContext;
  }

  /**
   * Reads and checks both files.
   *
   * @throws TlsFileException missing, unreadable, not PEM, not a certificate or key, an
   *     unsupported key form, or a key that does not match the certificate
   */
  public static TlsMaterial load(Path certFile, Path keyFile) {
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    List<X509Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile, chain.get(0));
    if (!matches(key, chain.get(0))) {
      throw new TlsFileException("--tls-key", keyFile,
          "private key does not match the certificate in " + certFile);
    }
    return new TlsMaterial(chain, context(chain, key));
  }

  /** The context the HTTPS listener creates its engines from. */
  public SSLContext sslContext() {
    return sslContext;
  }

  /** The server certificate (first of the chain). */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  private static List<X509Certificate> certificates(Path file) {
    List<PemBlocks.Block> blocks = blocks("--tls-cert", file);
    List<X509Certificate> chain = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    for (PemBlocks.Block b : blocks) {
      if (!b.label().equals("CERTIFICATE")) {
        continue;
      }
      try {
        chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
      } catch (CertificateException | ClassCastException e) {
        throw new TlsFileException("--tls-cert", file, "block " + (chain.size() + 1)
            + " is not a valid X.509 certificate");
      }
    }
    if (chain.isEmpty()) {
      throw new TlsFileException("--tls-cert", file, blocks.isEmpty()
          ? "not PEM (no '-----BEGIN CERTIFICATE-----' block)"
          : "no CERTIFICATE block (found " + blocks.get(0).label() + ")");
    }
    for (int i = 0; i + 1 < chain.size(); i++) {
      if (!issuedBy(chain.get(i), chain.get(i + 1))) {
        throw new TlsFileException("--tls-cert", file, "the certificates do not form a chain "
            + "(certificate " + (i + 1) + " is not issued by certificate " + (i + 2)
            + "; server certificate first, each one issued by the next)");
      }
    }
    return chain;
  }

  private static PrivateKey privateKey(Path file, X509Certificate cert) {
    List<PemBlocks.Block> blocks = blocks("--tls-key", file);
    PemBlocks.Block block = blocks.stream().filter(b -> b.label().endsWith("PRIVATE KEY"))
        .findFirst().orElseThrow(() -> new TlsFileException("--tls-key", file, blocks.isEmpty()
            ? "not PEM (no '-----BEGIN ... PRIVATE KEY-----' block); " + ACCEPTED_KEYS
            : "no private key block (found " + blocks.get(0).label() + "); " + ACCEPTED_KEYS));
    if (block.encrypted() || block.label().equals("ENCRYPTED PRIVATE KEY")) {
      throw new TlsFileException("--tls-key", file, "encrypted private keys are not supported; "
          + ACCEPTED_KEYS);
    }
    String certAlgorithm = cert.getPublicKey().getAlgorithm();
    byte[] pkcs8;
    String keyAlgorithm;
    try {
      switch (block.label()) {
        case "PRIVATE KEY" -> {
          pkcs8 = block.der();
          keyAlgorithm = certAlgorithm;
        }
        case "RSA PRIVATE KEY" -> {
          pkcs8 = Der.pkcs8(Der.RSA_ALGORITHM, block.der());
          keyAlgorithm = "RSA";
        }
        case "EC PRIVATE KEY" -> {
          // SEC1 keys may omit the curve; the certificate's public key names it.
          if (!certAlgorithm.equals("EC")) {
            throw new TlsFileException("--tls-key", file,
                "private key does not match the certificate (EC key, " + certAlgorithm
                    + " certificate)");
          }
          pkcs8 = Der.pkcs8(Der.algorithmOf(cert.getPublicKey().getEncoded()), block.der());
          keyAlgorithm = "EC";
        }
        default -> throw new TlsFileException("--tls-key", file, "unsupported key format 'BEGIN "
            + block.label() + "'; " + ACCEPTED_KEYS);
      }
    } catch (IllegalArgumentException e) {
      if (e instanceof TlsFileException t) {
        throw t;
      }
      throw new TlsFileException("--tls-key", file, "not a valid private key (" + e.getMessage()
          + ")");
    }
    if (!keyAlgorithm.equals(certAlgorithm)) {
      throw new TlsFileException("--tls-key", file, "private key does not match the certificate ("
          + keyAlgorithm + " key, " + certAlgorithm + " certificate)");
    }
    try {
      return KeyFactory.getInstance(keyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      // A PKCS#8 key of another type than the certificate's lands here too: name the mismatch.
      for (String other : new String[] {"RSA", "EC", "EdDSA"}) {
        try {
          KeyFactory.getInstance(other).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
          throw new TlsFileException("--tls-key", file, "private key does not match the "
              + "certificate (" + other + " key, " + certAlgorithm + " certificate)");
        } catch (GeneralSecurityException notThisOne) {
          // try the next type
        }
      }
      throw new TlsFileException("--tls-key", file, "not a valid private key (the "
          + block.label() + " block does not decode)");
    }
  }

  private static List<PemBlocks.Block> blocks(String option, Path file) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new TlsFileException(option, file, "is a directory, not a PEM file");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new TlsFileException(option, file, "larger than 1 MiB, not a PEM file");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TlsFileException(option, file, "no such file");
    } catch (AccessDeniedException e) {
      throw new TlsFileException(option, file, "cannot read (permission denied)");
    } catch (IOException e) {
      throw new TlsFileException(option, file, "cannot read (" + e.getMessage() + ")");
    }
    try {
      return PemBlocks.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new TlsFileException(option, file, "not PEM: " + e.getMessage());
    }
  }

  /** True when {@code issuer}'s key signed {@code cert} under {@code issuer}'s name. */
  private static boolean issuedBy(X509Certificate cert, X509Certificate issuer) {
    if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      cert.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** True when {@code key} signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448 sign without a separate digest
    };
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static SSLContext context(List<X509Certificate> chain, PrivateKey key) {
    try {
      // The key store lives in memory only; its password protects nothing and is never stored.
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("lightbox", key, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the TLS context: " + e.getMessage(), e);
    }
  }
}
