package dev.lightbox.http.cli;

import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.SecurityConfig;
import dev.lightbox.http.auth.oidc.OidcConfig;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.auth.AccessConfig;
import dev.lightbox.http.dimse.DicomConfig;
import dev.lightbox.http.dimse.DicomPeers;
import dev.lightbox.http.support.LogSetup;
import dev.lightbox.http.tls.TlsMaterial;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightbox serve}: runs the HTTP server until SIGTERM/SIGINT, then shuts down gracefully
 * (stop accepting, let requests finish, close the stores). Storage is the data directory by
 * default; S3 and PostgreSQL when configured. Every option also reads an environment variable
 * (flag wins); secrets are read from the environment only, so they never show in {@code ps}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the Lightbox HTTP server (and the DIMSE listener with --dicom-port).")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--host", description = "interface to bind (env LIGHTBOX_HOST; default 127.0.0.1)")
  String host;

  @Option(names = "--port", description = "TCP port, 0 for any free one (env LIGHTBOX_PORT; "
      + "default 8080)")
  String port;

  @Option(names = "--max-upload-bytes", description = "largest accepted upload in bytes, per file "
      + "(env LIGHTBOX_MAX_UPLOAD_BYTES; default 1073741824)")
  String maxUploadBytes;

  @Option(names = "--cors-origins", description = "comma-separated origins allowed cross-origin "
      + "access, or * (env LIGHTBOX_CORS_ORIGINS; default none: CORS off)")
  String corsOrigins;

  @Option(names = "--allowed-hosts", description = "comma-separated host names the Host header "
      + "may carry besides IP addresses and localhost (DNS-rebinding guard; other names get 421), "
      + "or * for any (env LIGHTBOX_ALLOWED_HOSTS; default none)")
  String allowedHosts;

  @Option(names = "--max-concurrent-uploads", description = "uploads received at once; more get "
      + "503 with Retry-After (env LIGHTBOX_MAX_CONCURRENT_UPLOADS; default 16)")
  String maxConcurrentUploads;

  @Option(names = "--render-cache-bytes", description = "rendered image cache size, 0 to disable "
      + "(env LIGHTBOX_RENDER_CACHE_BYTES; default 67108864)")
  String renderCacheBytes;

  @Option(names = "--attribute-cache-bytes", description = "memory for single-attribute answers "
      + "kept pre-encoded, 0 to disable (env LIGHTBOX_ATTRIBUTE_CACHE_BYTES; default 8388608)")
  String attributeCacheBytes;

  @Option(names = {"--drain-timeout", "--shutdown-timeout-seconds"}, description = "on SIGTERM, "
      + "seconds requests in flight may still run while new connections are refused (env "
      + "LIGHTBOX_DRAIN_TIMEOUT, or the older LIGHTBOX_SHUTDOWN_TIMEOUT_SECONDS; default 30)")
  String shutdownSeconds;

  @Option(names = "--body-timeout-seconds", description = "a request body stalled this long is "
      + "refused with 408 (env LIGHTBOX_BODY_TIMEOUT_SECONDS; default 30)")
  String bodySeconds;

  @Option(names = "--sweep-grace-minutes", description = "unreferenced blobs older than this are "
      + "removed by the sweeper (env LIGHTBOX_SWEEP_GRACE_MINUTES; default 60)")
  String sweepGraceMinutes;

  @Option(names = "--sweep-interval-minutes", description = "how often the sweeper runs, 0 to "
      + "disable (env LIGHTBOX_SWEEP_INTERVAL_MINUTES; default 10)")
  String sweepIntervalMinutes;

  @Mixin StorageOptions storage;

  @Mixin AccessOptions access;

  @Option(names = "--dicom-port", description = "also run the DIMSE listener (C-ECHO, C-STORE, "
      + "C-FIND, C-MOVE, C-GET) on this TCP port, 0 for any free one (env LIGHTBOX_DICOM_PORT; "
      + "default off)")
  String dicomPort;

  @Option(names = "--ae-title", description = "this server's AE title (env LIGHTBOX_AE_TITLE; "
      + "default LIGHTBOX)")
  String aeTitle;

  @Option(names = "--dicom-peer", description = "AET=host:port[@tenant] of an AE that C-MOVE and "
      + "the send routes may send to; repeatable (env LIGHTBOX_DICOM_PEERS, a comma list; tenant "
      + "default 'default')")
  java.util.List<String> dicomPeers;

  // Issue 14: HTTPS and OIDC (docs/security.md). Kept together so the auth options can follow.
  @Option(names = "--tls-cert", description = "serve HTTPS with this PEM certificate chain, "
      + "server certificate first; needs --tls-key (env LIGHTBOX_TLS_CERT; default plain HTTP)")
  String tlsCert;

  @Option(names = "--tls-key", description = "PEM private key of --tls-cert: PKCS#8 'PRIVATE "
      + "KEY', 'RSA PRIVATE KEY' or 'EC PRIVATE KEY', unencrypted (env LIGHTBOX_TLS_KEY)")
  String tlsKey;

  @Option(names = "--oidc-issuer", description = "also accept JWT bearer tokens of this OpenID "
      + "Connect issuer; https, or http to a loopback address (env LIGHTBOX_OIDC_ISSUER)")
  String oidcIssuer;

  @Option(names = "--oidc-audience", description = "the aud value tokens must carry; required "
      + "with --oidc-issuer (env LIGHTBOX_OIDC_AUDIENCE)")
  String oidcAudience;

  @Option(names = "--oidc-tenant-claim", description = "claim naming the tenant (env "
      + "LIGHTBOX_OIDC_TENANT_CLAIM; default tenant)")
  String oidcTenantClaim;

  @Option(names = "--oidc-scope-claim", description = "claim with the space-separated scopes "
      + "read, write, delete, admin (env LIGHTBOX_OIDC_SCOPE_CLAIM; default scope)")
  String oidcScopeClaim;
  @Option(names = "--dicom-peers-only", arity = "0..1", fallbackValue = "true",
      description = "only configured --dicom-peer AEs may associate, from their host's address "
          + "(env LIGHTBOX_DICOM_PEERS_ONLY; default false)")
  String dicomPeersOnly;

  @Option(names = "--pn-case-insensitive", arity = "0..1", fallbackValue = "true",
      description = "person names match case-insensitively in C-FIND and QIDO-RS (env "
          + "LIGHTBOX_PN_CASE_INSENSITIVE; default false: case-sensitive)")
  String pnCaseInsensitive;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServerConfig config;
    DicomConfig dicomConfig;
    SecurityConfig security;
    AccessConfig accessConfig;
    try {
      config = config(System.getenv());
      dicomConfig = dicom(System.getenv());
      security = security(System.getenv()); // reads and checks the TLS files: errors name them
      accessConfig = access.config(System.getenv());
      String host = config.host();
      accessConfig.refusal(host).ifPresent(why -> {
        throw new IllegalArgumentException(why);
      });
      dicomConfig = underAccessControl(dicomConfig, accessConfig.required(), System.getenv());
    } catch (IllegalArgumentException e) {
      err.println("lightbox: " + e.getMessage());
      err.flush();
      return Lightbox.EXIT_USAGE;
    }
    LogSetup.configure();
    LightboxServer server;
    try {
      server = LightboxServer.start(config, dicomConfig, accessConfig, security);
    } catch (Exception e) {
      err.println("lightbox: cannot start the server: " + e.getMessage());
      err.flush();
      return Lightbox.EXIT_USAGE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable drainAndStop = () -> {
      server.close(); // drain: new connections refused, readiness false, in-flight ones finish
      stopped.countDown();
    };
    // SIGTERM and SIGINT are a requested stop: drain, then return normally so the process exits
    // with status 0 (a supervisor tells a clean stop from a crash by it). The JVM's own handling
    // would run the same drain in a shutdown hook but exit with 143 (128 + SIGTERM).
    StopSignals.onStop(drainAndStop);
    // Any other way out (System.exit elsewhere, SIGHUP) still drains.
    Runtime.getRuntime().addShutdownHook(new Thread(drainAndStop, "lightbox-shutdown"));
    out.println("Lightbox listening on " + server.baseUrl());
    String aeTitle = dicomConfig.aeTitle();
    server.dicomPort().ifPresent(p -> out.println("DICOM (DIMSE) listening on port " + p
        + " as " + aeTitle));
    out.flush();
    try {
      stopped.await(); // until SIGTERM/SIGINT has drained the server; then exit status 0
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return Lightbox.EXIT_OK;
  }

  /** The configuration from the options, falling back to {@code env}, then to defaults. */
  ServerConfig config(Map<String, String> env) {
    ServerConfig c = ServerConfig.defaults();
    Optional<String> v;
    if ((v = pick(host, env, "LIGHTBOX_HOST")).isPresent()) {
      c = c.withHost(v.get());
    }
    if ((v = pick(port, env, "LIGHTBOX_PORT")).isPresent()) {
      c = c.withPort((int) number("--port", v.get()));
    }
    if ((v = pick(maxUploadBytes, env, "LIGHTBOX_MAX_UPLOAD_BYTES")).isPresent()) {
      c = c.withMaxUploadBytes(number("--max-upload-bytes", v.get()));
    }
    if ((v = pick(corsOrigins, env, "LIGHTBOX_CORS_ORIGINS")).isPresent()) {
      Set<String> origins = new LinkedHashSet<>();
      Arrays.stream(v.get().split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .forEach(origins::add);
      c = c.withCorsOrigins(origins);
    }
    if ((v = pick(allowedHosts, env, "LIGHTBOX_ALLOWED_HOSTS")).isPresent()) {
      Set<String> names = new LinkedHashSet<>();
      Arrays.stream(v.get().split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .forEach(names::add);
      c = c.withAllowedHosts(names);
    }
    if ((v = pick(maxConcurrentUploads, env, "LIGHTBOX_MAX_CONCURRENT_UPLOADS")).isPresent()) {
      c = c.withMaxConcurrentUploads((int) number("--max-concurrent-uploads", v.get()));
    }
    if ((v = pick(renderCacheBytes, env, "LIGHTBOX_RENDER_CACHE_BYTES")).isPresent()) {
      c = c.withRenderCacheBytes(number("--render-cache-bytes", v.get()));
    }
    if ((v = pick(attributeCacheBytes, env, "LIGHTBOX_ATTRIBUTE_CACHE_BYTES")).isPresent()) {
      long bytes = number("--attribute-cache-bytes", v.get());
      c = c.withServices(s -> s.withHotAttributes(s.hotAttributes().withCapacityBytes(bytes)));
    }
    if ((v = pick(shutdownSeconds, env, "LIGHTBOX_DRAIN_TIMEOUT")).isPresent()
        || (v = pick(null, env, "LIGHTBOX_SHUTDOWN_TIMEOUT_SECONDS")).isPresent()) {
      c = c.withShutdownTimeout(Duration.ofSeconds(number("--drain-timeout", v.get())));
    }
    if ((v = pick(bodySeconds, env, "LIGHTBOX_BODY_TIMEOUT_SECONDS")).isPresent()) {
      c = c.withBodyReadTimeout(Duration.ofSeconds(number("--body-timeout-seconds", v.get())));
    }
    Optional<String> grace = pick(sweepGraceMinutes, env, "LIGHTBOX_SWEEP_GRACE_MINUTES");
    Optional<String> interval = pick(sweepIntervalMinutes, env, "LIGHTBOX_SWEEP_INTERVAL_MINUTES");
    if (grace.isPresent() || interval.isPresent()) {
      ServerConfig.Sweep d = ServerConfig.Sweep.DEFAULT;
      c = c.withSweep(new ServerConfig.Sweep(
          grace.map(g -> Duration.ofMinutes(number("--sweep-grace-minutes", g)))
              .orElse(d.grace()),
          interval.map(i -> Duration.ofMinutes(number("--sweep-interval-minutes", i)))
              .orElse(d.interval())));
    }
    Optional<String> pn = pick(pnCaseInsensitive, env, "LIGHTBOX_PN_CASE_INSENSITIVE");
    if (pn.isPresent()) {
      boolean on = bool("--pn-case-insensitive", pn.get());
      c = c.withServices(s -> s.withPersonNamesCaseInsensitive(on));
    }
    return c.withServices(s -> storage.apply(s, env));
  }

  /**
   * {@code dicom} as access control wants it: with authentication required only configured DICOM
   * peers may associate (issue 15), unless the operator said otherwise (--dicom-peers-only=false
   * or LIGHTBOX_DICOM_PEERS_ONLY).
   */
  DicomConfig underAccessControl(DicomConfig dicom, boolean authRequired, Map<String, String> env) {
    boolean stated = pick(dicomPeersOnly, env, "LIGHTBOX_DICOM_PEERS_ONLY").isPresent();
    return authRequired && !stated ? dicom.withPeersOnly(true) : dicom;
  }

  /** The DIMSE settings from the options, falling back to {@code env}, then to defaults. */
  DicomConfig dicom(Map<String, String> env) {
    DicomConfig d = DicomConfig.off();
    Optional<String> v;
    if ((v = pick(aeTitle, env, "LIGHTBOX_AE_TITLE")).isPresent()) {
      d = d.withAeTitle(v.get().strip());
    }
    if (dicomPeers != null && !dicomPeers.isEmpty()) {
      for (String p : dicomPeers) {
        d = d.withDicomPeers(DicomPeers.parseList(p));
      }
    } else if ((v = pick(null, env, "LIGHTBOX_DICOM_PEERS")).isPresent()) {
      d = d.withDicomPeers(DicomPeers.parseList(v.get()));
    }
    if ((v = pick(dicomPeersOnly, env, "LIGHTBOX_DICOM_PEERS_ONLY")).isPresent()) {
      d = d.withPeersOnly(bool("--dicom-peers-only", v.get()));
    }
    if ((v = pick(dicomPort, env, "LIGHTBOX_DICOM_PORT")).isPresent()) {
      d = d.withPort((int) number("--dicom-port", v.get()));
    }
    dev.lightbox.dicom.net.AeTitles.requireValid(d.aeTitle());
    return d;
  }

  /**
   * TLS material (the files read and checked now) and the OIDC issuer, from the options, falling
   * back to {@code env}.
   *
   * @throws IllegalArgumentException a lone --tls-cert or --tls-key, an unusable file (the
   *     message names it), an OIDC option without --oidc-issuer or --oidc-audience
   */
  SecurityConfig security(Map<String, String> env) {
    SecurityConfig s = SecurityConfig.none();
    Optional<String> cert = pick(tlsCert, env, "LIGHTBOX_TLS_CERT");
    Optional<String> key = pick(tlsKey, env, "LIGHTBOX_TLS_KEY");
    if (cert.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException("--tls-cert and --tls-key must be given together");
    }
    if (cert.isPresent()) {
      s = s.withTls(TlsMaterial.load(Path.of(cert.get()), Path.of(key.get())));
    }
    Optional<String> issuer = pick(oidcIssuer, env, "LIGHTBOX_OIDC_ISSUER");
    Optional<String> audience = pick(oidcAudience, env, "LIGHTBOX_OIDC_AUDIENCE");
    Optional<String> tenantClaim = pick(oidcTenantClaim, env, "LIGHTBOX_OIDC_TENANT_CLAIM");
    Optional<String> scopeClaim = pick(oidcScopeClaim, env, "LIGHTBOX_OIDC_SCOPE_CLAIM");
    if (issuer.isEmpty()) {
      if (audience.isPresent() || tenantClaim.isPresent() || scopeClaim.isPresent()) {
        throw new IllegalArgumentException("--oidc-audience, --oidc-tenant-claim and "
            + "--oidc-scope-claim need --oidc-issuer");
      }
      return s;
    }
    if (audience.isEmpty()) {
      throw new IllegalArgumentException("--oidc-issuer needs --oidc-audience");
    }
    OidcConfig oidc = OidcConfig.of(issuer.get(), audience.get()).withClaims(
        tenantClaim.map(String::strip).orElse(OidcConfig.DEFAULT_TENANT_CLAIM),
        scopeClaim.map(String::strip).orElse(OidcConfig.DEFAULT_SCOPE_CLAIM));
    return s.withOidc(oidc);
  }

  static Optional<String> pick(String flag, Map<String, String> env, String name) {
    if (flag != null) {
      return Optional.of(flag);
    }
    return Optional.ofNullable(env.get(name)).filter(s -> !s.isBlank());
  }

  static long number(String option, String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be an integer, got '" + value + "'");
    }
  }

  static boolean bool(String option, String value) {
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(option + " must be true or false, got '"
          + value + "'");
    };
  }
}
