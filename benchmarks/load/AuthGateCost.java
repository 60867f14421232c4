import dev.lightbox.http.Routes;
import dev.lightbox.http.support.Metrics;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.OperationTimer;
import dev.lightbox.service.ServiceConfig;
import dev.lightbox.service.Services;
import dev.lightbox.service.auth.Credentials;
import dev.lightbox.service.auth.FailureLimiter;
import dev.lightbox.service.auth.NewToken;
import dev.lightbox.service.auth.Principal;
import dev.lightbox.service.auth.Scope;
import dev.lightbox.service.auth.TokenAuthenticator;
import io.undertow.util.Methods;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What the auth gate adds to one request, without the network (issue 14, beside
 * auth-cost.sh): the route lookup in the real route table, the failed-auth limiter check,
 * reading the Bearer header, the token's SHA-256 and the snapshot lookup, in a loop on one
 * thread. The HTTP benchmark's difference is this plus noise; this number has no noise from the
 * client or the kernel.
 *
 * <p>Run as a single-file program against the Lightbox jar:
 * {@code java -cp lightbox.jar benchmarks/load/AuthGateCost.java}. Prints ns per request for
 * five rounds of 1,000,000 requests (the first ones include JIT warm-up).
 */
public final class AuthGateCost {
  private AuthGateCost() {}

  public static void main(String[] args) throws Exception {
    Path data = Files.createTempDirectory("authgatecost");
    try (Services services = Services.open(ServiceConfig.defaults().withDataDir(data)
        .withDurability("relaxed"), OperationTimer.NONE)) {
      String secret = services.tokens().create(new NewToken("bench", Set.of(Scope.READ),
          Optional.empty(), Optional.empty())).secret();
      services.tokens().startRefreshing();
      TokenAuthenticator tokens = services.tokens().authenticator();
      Router router = Routes.router(services, new Metrics());
      FailureLimiter limiter = new FailureLimiter(20, Duration.ofMinutes(1));
      Object client = InetAddress.getByName("127.0.0.1");
      String header = "Bearer " + secret;
      String path = "/instances/1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322"
          + "/attributes/PatientName";
      long sink = 0;
      for (int round = 1; round <= 5; round++) {
        int n = 1_000_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          Router.Match m = router.match(Methods.GET, path);
          if (limiter.blocked(client).isPresent()) {
            throw new IllegalStateException("blocked");
          }
          Principal p = tokens.fromMemory(Credentials.from(header));
          sink += m.params().size() + (p.has(m.access().scope().orElseThrow()) ? 1 : 0);
        }
        long t1 = System.nanoTime();
        System.out.printf("round %d: %.0f ns per request%n", round, (t1 - t0) / (double) n);
      }
      System.out.println("(checksum " + sink + ")");
    }
  }
}
