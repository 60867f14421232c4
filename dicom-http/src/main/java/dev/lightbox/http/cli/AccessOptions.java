package dev.lightbox.http.cli;

import static dev.lightbox.http.cli.ServeCommand.bool;
import static dev.lightbox.http.cli.ServeCommand.number;
import static dev.lightbox.http.cli.ServeCommand.pick;

import dev.lightbox.http.auth.AccessConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The access-control options of {@code serve} (docs/security.md, docs/configuration.md). */
final class AccessOptions {
  @Option(names = "--auth", description = "required: every route but /health, the viewer's files "
      + "and /openapi.yaml needs a token; none: no authentication, allowed only on a loopback "
      + "address unless --insecure-no-auth (env LIGHTBOX_AUTH; default none)")
  String auth;

  @Option(names = "--insecure-no-auth", arity = "0..1", fallbackValue = "true",
      description = "allow --auth none on a non-loopback address; logs a warning at every start "
      + "(env LIGHTBOX_INSECURE_NO_AUTH)")
  String insecureNoAuth;

  @Option(names = "--audit-log", description = "append the audit log (JSON lines) to this file, "
      + "or - for stderr (env LIGHTBOX_AUDIT_LOG; default stderr with --auth required, off "
      + "without)")
  String auditLog;

  @Option(names = "--auth-failure-limit", description = "failed authentications a client "
      + "address (or token) may make per window before it gets 429 (env "
      + "LIGHTBOX_AUTH_FAILURE_LIMIT; default 20)")
  String failureLimit;

  @Option(names = "--auth-failure-window-seconds", description = "the window of "
      + "--auth-failure-limit (env LIGHTBOX_AUTH_FAILURE_WINDOW_SECONDS; default 60)")
  String failureWindowSeconds;

  /** The settings from the options, falling back to {@code env}, then to defaults. */
  AccessConfig config(Map<String, String> env) {
    Optional<String> mode = pick(auth, env, "LIGHTBOX_AUTH")
        .map(m -> m.strip().toLowerCase(Locale.ROOT));
    boolean required = switch (mode.orElse("none")) {
      case "required" -> true;
      case "none" -> false;
      default -> throw new IllegalArgumentException("--auth must be required or none, got '"
          + mode.get() + "'");
    };
    AccessConfig c = required ? AccessConfig.authRequired() : AccessConfig.none();
    boolean insecure = pick(insecureNoAuth, env, "LIGHTBOX_INSECURE_NO_AUTH")
        .map(v -> bool("--insecure-no-auth", v)).orElse(false);
    c = c.withInsecureNoAuth(insecure);
    Optional<String> audit = pick(auditLog, env, "LIGHTBOX_AUDIT_LOG");
    if (audit.isPresent()) {
      c = c.withAudit(audit.get().strip().equals("-") ? AccessConfig.Audit.STDERR
          : AccessConfig.Audit.toFile(Path.of(audit.get().strip())));
    }
    Optional<String> limit = pick(failureLimit, env, "LIGHTBOX_AUTH_FAILURE_LIMIT");
    Optional<String> window = pick(failureWindowSeconds, env,
        "LIGHTBOX_AUTH_FAILURE_WINDOW_SECONDS");
    if (limit.isPresent() || window.isPresent()) {
      c = c.withFailureLimit(
          limit.map(l -> (int) number("--auth-failure-limit", l)).orElse(c.failureLimit()),
          window.map(w -> Duration.ofSeconds(number("--auth-failure-window-seconds", w)))
              .orElse(c.failureWindow()));
    }
    return c;
  }
}
