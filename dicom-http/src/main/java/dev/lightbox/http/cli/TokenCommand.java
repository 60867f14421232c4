package dev.lightbox.http.cli;

import dev.lightbox.http.support.LogSetup;
import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceConfig;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Services;
import dev.lightbox.service.auth.NewToken;
import dev.lightbox.service.auth.Scope;
import dev.lightbox.service.auth.TokenInfo;
import dev.lightbox.service.auth.TokenService;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lightbox token create|list|revoke}: access tokens in the index database (the same
 * storage options as {@code serve}, so in a cluster every node sees them; running servers pick
 * changes up within seconds). docs/security.md describes the model, docs/cli.md the commands.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Create, list and revoke access tokens (see docs/security.md).",
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class,
        TokenCommand.Revoke.class})
final class TokenCommand implements Callable<Integer> {
  /** The index could not be reached (database down): the same code as an unreachable peer. */
  static final int EXIT_UNAVAILABLE = 4;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("lightbox: token needs a subcommand: create, list or "
        + "revoke");
    spec.commandLine().getErr().flush();
    return Lightbox.EXIT_USAGE;
  }

  /** A token command body, run with the token service and mapped to one line and an exit code. */
  @FunctionalInterface
  interface Body {
    int run(TokenService tokens, PrintWriter out) throws ServiceException;
  }

  static int run(CommandSpec spec, StorageOptions storage, Body body) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Warnings only from the connection pool: stderr stays for this command's one-line errors.
    LogSetup.configure();
    try {
      ServiceConfig config = storage.apply(ServiceConfig.defaults(), System.getenv());
      try (Services.Tokens tokens = Services.openTokens(config)) {
        return body.run(tokens.service(), out);
      }
    } catch (IllegalArgumentException e) {
      err.println("lightbox: " + e.getMessage());
      return Lightbox.EXIT_USAGE;
    } catch (ServiceException e) {
      err.println("lightbox: " + e.getMessage());
      return e.failure() == Failure.CONFLICT ? Lightbox.EXIT_USAGE : EXIT_UNAVAILABLE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a token and print its secret (only this once) on stdout.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StorageOptions storage;

    @Option(names = "--tenant", required = true, description = "the tenant the token acts in")
    String tenant;

    @Option(names = "--scope", required = true,
        description = "comma list of read, write, delete, admin")
    String scope;

    @Option(names = "--expires-days", description = "valid for this many days (default: until "
        + "revoked)")
    Integer expiresDays;

    @Option(names = "--name", description = "a unique label, usable with revoke")
    String name;

    @Override
    public Integer call() {
      return run(spec, storage, (tokens, out) -> {
        if (expiresDays != null && expiresDays < 1) {
          throw new IllegalArgumentException("--expires-days must be at least 1, got "
              + expiresDays);
        }
        NewToken request = new NewToken(tenant, Scope.parseList(scope),
            Optional.ofNullable(expiresDays).map(Duration::ofDays), Optional.ofNullable(name));
        out.println(tokens.create(request).secret());
        return Lightbox.EXIT_OK;
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List tokens: id, name, tenant, scopes, created, last used, expiry, state.")
  static final class ListTokens implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StorageOptions storage;

    @Override
    public Integer call() {
      return run(spec, storage, (tokens, out) -> {
        List<TokenInfo> all = tokens.list();
        Instant now = Instant.now();
        String format = "%-20s  %-16s  %-12s  %-22s  %-20s  %-20s  %-20s  %s%n";
        out.printf(format, "ID", "NAME", "TENANT", "SCOPES", "CREATED", "LAST USED", "EXPIRES",
            "STATE");
        for (TokenInfo t : all) {
          out.printf(format, t.id(), t.name().orElse("-"), t.tenant(), Scope.format(t.scopes()),
              time(t.created()), t.lastUsed().map(TokenCommand::time).orElse("never"),
              t.expires().map(TokenCommand::time).orElse("never"), state(t, now));
        }
        return Lightbox.EXIT_OK;
      });
    }

    private static String state(TokenInfo t, Instant now) {
      if (t.revoked().isPresent()) {
        return "revoked " + time(t.revoked().get());
      }
      return t.active(now) ? "active" : "expired";
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a token by id or name; servers refuse it within seconds.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StorageOptions storage;

    @Parameters(paramLabel = "ID|NAME", description = "the token's id or name")
    String idOrName;

    @Override
    public Integer call() {
      return run(spec, storage, (tokens, out) -> {
        Optional<TokenInfo> revoked = tokens.revoke(idOrName);
        if (revoked.isEmpty()) {
          spec.commandLine().getErr().println("lightbox: no token with id or name '" + idOrName
              + "'");
          return Lightbox.EXIT_NOT_FOUND;
        }
        TokenInfo t = revoked.get();
        out.println("revoked " + t.id() + t.name().map(n -> " (" + n + ")").orElse("")
            + " at " + time(t.revoked().orElseThrow()));
        return Lightbox.EXIT_OK;
      });
    }
  }

  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
