package dev.lightbox.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.SecurityConfig;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.dimse.DicomConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server behind {@code --tls-cert/--tls-key}: HTTPS for a client trusting the certificate,
 * nothing below TLS 1.2, no non-AEAD suites, and a plain-HTTP request on the port closed without
 * an HTTP answer.
 */
class HttpsServerTest {
  @TempDir static Path dir;
  static TestCertificates certs;
  static LightboxServer rsaServer;
  static LightboxServer ecServer;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.generate(dir);
    rsaServer = server("rsa-data", TlsMaterial.load(certs.rsaCert, certs.rsaPkcs1));
    ecServer = server("ec-data", TlsMaterial.load(certs.ecCert, certs.ecSec1));
  }

  private static LightboxServer server(String data, TlsMaterial tls) throws IOException {
    return LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(dir.resolve(data)), DicomConfig.off(), SecurityConfig.none().withTls(tls));
  }

  @AfterAll
  static void stop() {
    if (rsaServer != null) {
      rsaServer.close();
    }
    if (ecServer != null) {
      ecServer.close();
    }
  }

  @Test
  void httpsWorksForAClientTrustingTheCertificate() throws Exception {
    for (var c : new Object[][] {{rsaServer, certs.rsaCert}, {ecServer, certs.ecCert}}) {
      LightboxServer server = (LightboxServer) c[0];
      assertTrue(server.baseUrl().startsWith("https://127.0.0.1:"), server.baseUrl());
      HttpClient client = HttpClient.newBuilder()
          .sslContext(TestCertificates.trusting((Path) c[1]))
          .connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(
          URI.create(server.baseUrl() + "health")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(HttpClient.Version.HTTP_1_1, r.version());
      assertTrue(r.sslSession().isPresent());
      String protocol = r.sslSession().get().getProtocol();
      assertTrue(protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2"), protocol);
    }
  }

  /** The intermediate/CA certificates of the file are sent: a client trusting the CA gets in. */
  @Test
  void theWholeChainIsServed() throws Exception {
    try (LightboxServer chained = server("chain-data",
        TlsMaterial.load(certs.chain, certs.leafKey))) {
      HttpClient client = HttpClient.newBuilder()
          .sslContext(TestCertificates.trusting(certs.caCert))
          .connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(
          URI.create(chained.baseUrl() + "health")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertEquals(2, r.sslSession().orElseThrow().getPeerCertificates().length);
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(
        TestCertificates.trusting(certs.ecCert)).connectTimeout(Duration.ofSeconds(5)).build();
    assertThrows(SSLHandshakeException.class, () -> client.send(HttpRequest.newBuilder(
        URI.create(rsaServer.baseUrl() + "health")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()));
  }

  /**
   * openssl as the client, forced to TLS 1.1 (security level 0 so openssl itself allows it): the
   * server answers with a protocol_version alert. Control: the same client at TLS 1.2 gets in.
   */
  @Test
  void tls11IsRefusedWithAProtocolVersionAlert() throws Exception {
    String connect = "127.0.0.1:" + rsaServer.port();
    TestCertificates.ProcessResult old = TestCertificates.run(dir, "", "s_client", "-connect",
        connect, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
    assertNotEquals(0, old.exit(), old.output());
    assertTrue(old.output().contains("alert protocol version"), old.output());
    TestCertificates.ProcessResult current = TestCertificates.run(dir, "", "s_client",
        "-connect", connect, "-tls1_2");
    assertTrue(current.output().contains("Protocol  : TLSv1.2"), current.output());
  }

  /**
   * A CBC suite the JDK enables by default in TLS 1.2 is not offered by the listener, so this
   * shows the listener's own cipher list is in force, not just the JDK's defaults.
   */
  @Test
  void nonAeadCipherSuitesAreRefused() throws Exception {
    SSLContext trusting = TestCertificates.trusting(certs.rsaCert);
    try (SSLSocket s = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1",
        rsaServer.port())) {
      s.setSoTimeout(10_000);
      s.setEnabledProtocols(new String[] {"TLSv1.2"});
      s.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"});
      assertThrows(SSLHandshakeException.class, s::startHandshake);
    }
    try (SSLSocket s = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1",
        rsaServer.port())) {
      s.setSoTimeout(10_000);
      s.setEnabledProtocols(new String[] {"TLSv1.2"});
      s.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
      s.startHandshake();
      assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", s.getSession().getCipherSuite());
    }
  }

  /**
   * Plain HTTP on the TLS port: the connection is closed (at most a TLS alert comes back), never
   * an HTTP response and never a hang; the listener keeps serving HTTPS afterwards.
   */
  @Test
  void plainHttpOnTheTlsPortIsClosedWithoutAnHttpAnswer() throws Exception {
    byte[] answer;
    long started = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", rsaServer.port()), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      answer = readUntilClosed(s.getInputStream());
    }
    assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos());
    String text = new String(answer, StandardCharsets.ISO_8859_1);
    assertFalse(text.contains("HTTP/"), text);
    // Nothing, or TLS records only (content type 21 = alert, RFC 8446 section 5.1).
    assertTrue(answer.length == 0 || answer[0] == 21, "unexpected bytes: " + text);
    httpsWorksForAClientTrustingTheCertificate();
  }

  /**
   * A client that connects and sends nothing, or stops in the middle of its ClientHello, is
   * closed by the server's no-request/parse timeouts like a plain-HTTP one: the handshake cannot
   * hold a connection open forever.
   */
  @Test
  void stalledHandshakesAreClosedByTheServerTimeouts() throws Exception {
    try (LightboxServer strict = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(dir.resolve("strict-data"))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1)), DicomConfig.off(),
        SecurityConfig.none().withTls(TlsMaterial.load(certs.rsaCert, certs.rsaPkcs8)))) {
      for (byte[] sent : new byte[][] {{}, {22, 3, 1, 0, (byte) 200, 1, 0}}) {
        long started = System.nanoTime();
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", strict.port()), 5000);
          s.setSoTimeout(15_000);
          s.getOutputStream().write(sent); // nothing, or a TLS record header and 2 bytes of 200
          s.getOutputStream().flush();
          byte[] answer = readUntilClosed(s.getInputStream());
          assertFalse(new String(answer, StandardCharsets.ISO_8859_1).contains("HTTP/"));
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(seconds < 10, "closed after " + seconds + " s (" + sent.length + " bytes)");
      }
    }
  }

  private static byte[] readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1024];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server neither answered nor closed in time", e);
    } catch (IOException reset) {
      // a reset is a clean refusal too
    }
    return out.toByteArray();
  }
}
