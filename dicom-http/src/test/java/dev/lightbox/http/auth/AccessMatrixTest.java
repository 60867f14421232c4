package dev.lightbox.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lightbox.http.Corpus;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.Routes;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.dimse.DicomConfig;
import dev.lightbox.http.support.Access;
import dev.lightbox.http.support.Metrics;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.OperationTimer;
import dev.lightbox.service.Services;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the router knows × every kind of credential (issue 14): none, malformed, unknown,
 * expired, revoked, wrong scope, other tenant, right token. The other tenant's answer to a route
 * over instance data must be byte for byte the answer when the instance does not exist at all
 * (status, headers, body): it is replayed after the instance is deleted and compared. The route list is read from the router itself and
 * each route must appear in {@link #RULES} with its expected access rule, sample request, answer
 * with the right token and audit action, so a route added without a rule here fails.
 *
 * <p>Expectations come from the contract (docs/security.md, RFC 6750 §3 for the challenges),
 * not from running the code: refusals are exact statuses with a problem document that carries
 * nothing from the stored instance; each request leaves its audit line (or, for public and
 * non-data routes, none); nothing logged anywhere names the patient.
 */
class AccessMatrixTest {
  // CT_small.dcm of the pydicom test files; identity and patient name from dcmdump.
  static final String SOP = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";
  static final String STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
  static final String SERIES = "1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322";
  static final String PATIENT_NAME = "CompressedSamples^CT1";
  static final byte[] TOKEN_REQUEST = "{\"tenant\":\"acme\",\"scopes\":[\"read\"]}"
      .getBytes(StandardCharsets.UTF_8);

  /**
   * One route's rule and sample request.
   *
   * @param path the sample path (placeholders filled in by {@link #fill})
   * @param okStatus the answer with a token that has the scope
   * @param action the audit action of an access, or null when accesses are not audited
   */
  record Rule(String method, String template, Access access, String path, int okStatus,
      String action) {}

  static final String I = "/dicomweb/studies/{study}/series/{series}/instances/{instance}";
  static final List<Rule> RULES = List.of(
      new Rule("GET", "/", Access.PUBLIC, "/", 200, null),
      new Rule("GET", "/static/{file}", Access.PUBLIC, "/static/js/app.js", 200, null),
      new Rule("GET", "/health", Access.PUBLIC, "/health", 200, null),
      new Rule("GET", "/health/live", Access.PUBLIC, "/health/live", 200, null),
      new Rule("GET", "/health/ready", Access.PUBLIC, "/health/ready", 200, null),
      new Rule("GET", "/studies/{study}/archive", Access.READ, "/studies/{study}/archive", 200,
          "download"),
      new Rule("GET", "/studies/{study}/series/{series}/archive", Access.READ,
          "/studies/{study}/series/{series}/archive", 200, "download"),
      new Rule("GET", "/openapi.yaml", Access.PUBLIC, "/openapi.yaml", 200, null),
      new Rule("GET", "/metrics", Access.ADMIN, "/metrics", 200, null),
      new Rule("POST", "/instances", Access.WRITE, "/instances", 200, "store"),
      new Rule("GET", "/instances", Access.READ, "/instances", 200, "query"),
      new Rule("GET", "/instances/{id}", Access.READ, "/instances/{id}", 200, "read"),
      new Rule("GET", "/instances/{id}/file", Access.READ, "/instances/{id}/file", 200,
          "download"),
      new Rule("GET", "/instances/{id}/attributes", Access.READ, "/instances/{id}/attributes",
          200, "read"),
      new Rule("GET", "/instances/{id}/attributes/{tagPath}", Access.READ,
          "/instances/{id}/attributes/PatientName", 200, "read"),
      new Rule("GET", "/instances/{id}/bulk/{tagPath}", Access.READ,
          "/instances/{id}/bulk/PixelData", 200, "download"),
      new Rule("GET", "/instances/{id}/rendered", Access.READ, "/instances/{id}/rendered", 200,
          "render"),
      new Rule("GET", "/instances/{id}/frames/{n}/rendered", Access.READ,
          "/instances/{id}/frames/1/rendered", 200, "render"),
      // No DICOM peers are configured: an unknown destination is the caller's mistake.
      new Rule("POST", "/instances/{id}/send", Access.WRITE, "/instances/{id}/send?to=NOBODY",
          400, "send"),
      new Rule("POST", "/dicomweb/studies/{study}/send", Access.WRITE,
          "/dicomweb/studies/{study}/send?to=NOBODY", 400, "send"),
      new Rule("GET", "/dicomweb/studies", Access.READ, "/dicomweb/studies", 200, "query"),
      new Rule("GET", "/dicomweb/series", Access.READ, "/dicomweb/series", 200, "query"),
      new Rule("GET", "/dicomweb/instances", Access.READ, "/dicomweb/instances", 200, "query"),
      new Rule("GET", "/dicomweb/studies/{study}/series", Access.READ,
          "/dicomweb/studies/{study}/series", 200, "query"),
      new Rule("GET", "/dicomweb/studies/{study}/instances", Access.READ,
          "/dicomweb/studies/{study}/instances", 200, "query"),
      new Rule("GET", "/dicomweb/studies/{study}/series/{series}/instances", Access.READ,
          "/dicomweb/studies/{study}/series/{series}/instances", 200, "query"),
      // STOW-RS of the already stored file as one application/dicom body: 200, nothing new.
      new Rule("POST", "/dicomweb/studies", Access.WRITE, "/dicomweb/studies", 200, "store"),
      new Rule("POST", "/dicomweb/studies/{study}", Access.WRITE, "/dicomweb/studies/{study}",
          200, "store"),
      new Rule("GET", "/dicomweb/studies/{study}", Access.READ, "/dicomweb/studies/{study}",
          200, "download"),
      new Rule("GET", "/dicomweb/studies/{study}/series/{series}", Access.READ,
          "/dicomweb/studies/{study}/series/{series}", 200, "download"),
      new Rule("GET", I, Access.READ, I, 200, "download"),
      new Rule("GET", "/dicomweb/studies/{study}/metadata", Access.READ,
          "/dicomweb/studies/{study}/metadata", 200, "read"),
      new Rule("GET", "/dicomweb/studies/{study}/series/{series}/metadata", Access.READ,
          "/dicomweb/studies/{study}/series/{series}/metadata", 200, "read"),
      new Rule("GET", I + "/metadata", Access.READ, I + "/metadata", 200, "read"),
      new Rule("GET", I + "/frames/{frames}", Access.READ, I + "/frames/1", 200, "download"),
      new Rule("GET", I + "/bulkdata/{tagPath}", Access.READ, I + "/bulkdata/7FE00010", 200,
          "download"),
      new Rule("GET", I + "/rendered", Access.READ, I + "/rendered", 200, "render"),
      new Rule("GET", I + "/frames/{frames}/rendered", Access.READ, I + "/frames/1/rendered",
          200, "render"),
      new Rule("GET", "/dicomweb/studies/{study}/thumbnail", Access.READ,
          "/dicomweb/studies/{study}/thumbnail", 200, "render"),
      new Rule("GET", "/dicomweb/studies/{study}/series/{series}/thumbnail", Access.READ,
          "/dicomweb/studies/{study}/series/{series}/thumbnail", 200, "render"),
      new Rule("GET", I + "/thumbnail", Access.READ, I + "/thumbnail", 200, "render"),
      new Rule("GET", I + "/frames/{frames}/thumbnail", Access.READ, I + "/frames/1/thumbnail",
          200, "render"),
      new Rule("GET", "/wado", Access.READ, "/wado?requestType=WADO&studyUID={study}"
          + "&seriesUID={series}&objectUID={instance}&contentType=application/dicom", 200,
          "download"),
      new Rule("GET", "/tokens", Access.ADMIN, "/tokens", 200, "token"),
      new Rule("POST", "/tokens", Access.ADMIN, "/tokens", 201, "token"),
      new Rule("DELETE", "/tokens/{id}", Access.ADMIN, "/tokens/no-such-token", 404, "token"),
      // Last: it removes the instance the other rows read.
      new Rule("DELETE", "/instances/{id}", Access.DELETE, "/instances/{id}", 204, "delete"));

  @TempDir Path data;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .build();
  private final List<String> logged = new ArrayList<>();
  private int requestNumber;

  static String fill(String path) {
    return path.replace("{id}", SOP).replace("{instance}", SOP).replace("{study}", STUDY)
        .replace("{series}", SERIES);
  }

  @Test
  void everyRouteOfTheRouterHasAnExpectedRule() throws Exception {
    Set<String> routed = new TreeSet<>();
    Map<String, Access> declared = new HashMap<>();
    try (Services services = Services.open(dev.lightbox.service.ServiceConfig.defaults()
        .withDataDir(data), OperationTimer.NONE)) {
      for (Router.Endpoint e : Routes.router(services, new Metrics(), Duration.ofSeconds(30),
          DicomConfig.off()).endpoints()) {
        routed.add(e.method() + " " + e.template());
        declared.put(e.method() + " " + e.template(), e.access());
      }
    }
    Set<String> ruled = new TreeSet<>();
    for (Rule r : RULES) {
      ruled.add(r.method() + " " + r.template());
      assertEquals(r.access(), declared.get(r.method() + " " + r.template()),
          "access rule of " + r.method() + " " + r.template());
      assertEquals(java.util.Optional.ofNullable(r.action()), AuditAction.of(r.method(),
          r.template(), r.access()), "audit action of " + r.method() + " " + r.template());
    }
    assertEquals(routed, ruled, "a route without an expected access rule in this test");
  }

  /** What one credential case sends and expects for a non-public route. */
  private record Case(String name, String authorization, int status, String reason,
      String subject) {}

  /** An other-tenant request and its answer, replayed once the instance exists nowhere. */
  private record OtherTenant(String what, String method, String path, byte[] body, String id,
      HttpResponse<byte[]> answer) {}

  /** Routes over the tenant's instance data (not token management, metrics, or new uploads). */
  private static boolean tenantScoped(Rule r) {
    return r.action() != null && !r.action().equals("token") && !r.action().equals("store");
  }

  /**
   * What a tenant that does not hold the instance gets: 404 for a resource named in the path, an
   * empty listing for a query (QIDO-RS answers a query under an unknown study with no matches).
   */
  private static int otherTenantStatus(Rule r) {
    boolean names = r.template().contains("{") || r.template().equals("/wado");
    return names && !r.action().equals("query") ? 404 : r.okStatus();
  }

  @Test
  void everyRouteAnswersEveryCredentialExactlyAndAuditsIt() throws Exception {
    Handler capture = captureLogs();
    Path audit = data.resolve("audit.log");
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(data.resolve("d"));
    AuthFixture tokens = new AuthFixture(config.services());
    LightboxServer server = LightboxServer.start(config, DicomConfig.off(),
        AccessConfig.authRequired().withAudit(AccessConfig.Audit.toFile(audit))
            .withFailureLimit(100_000, Duration.ofMinutes(1)));
    Map<String, Expected> expected = new LinkedHashMap<>();
    List<OtherTenant> others = new ArrayList<>();
    byte[] ct = Files.readAllBytes(Corpus.pydicom("CT_small.dcm"));
    try {
      String base = server.baseUrl().replaceAll("/$", "");
      HttpResponse<byte[]> up = send(base, "POST", "/instances", AuthFixture.bearer(tokens.full),
          ct, "up");
      assertEquals(201, up.statusCode(), new String(up.body(), StandardCharsets.UTF_8));
      for (Rule r : RULES) {
        String path = fill(r.path());
        byte[] body = "store".equals(r.action()) ? ct
            : r.method().equals("POST") && r.template().equals("/tokens") ? TOKEN_REQUEST : null;
        String wrong = r.access() == Access.READ ? AuthFixture.bearer(tokens.writeOnly)
            : AuthFixture.bearer(tokens.readOnly);
        String scope = r.access().label();
        List<Case> cases = new ArrayList<>(List.of(
            new Case("right token", AuthFixture.bearer(tokens.full), r.okStatus(), null, null)));
        if (r.access() != Access.PUBLIC) {
          cases.addAll(List.of(
              new Case("no credentials", null, 401, "missing", null),
              new Case("malformed", "Bearer", 401, "malformed", null),
              new Case("malformed basic", "Basic !!!", 401, "malformed", null),
              new Case("unknown", "Bearer lbx_" + "U".repeat(43), 401, "unknown", null),
              new Case("expired", AuthFixture.bearer(tokens.expired), 401, "expired",
                  tokens.expired.id()),
              new Case("revoked", AuthFixture.bearer(tokens.revoked), 401, "revoked",
                  tokens.revoked.id()),
              new Case("wrong scope", wrong, 403, "scope:" + scope,
                  r.access() == Access.READ ? tokens.writeOnly.id() : tokens.readOnly.id())));
          if (tenantScoped(r)) {
            cases.add(new Case("other tenant", AuthFixture.bearer(tokens.otherTenant),
                otherTenantStatus(r), null, tokens.otherTenant.id()));
          }
          // The right token goes last for DELETE (it removes the instance), first otherwise: a
          // refusal after it proves answers kept in memory (hot attributes) are not served to
          // unauthenticated clients either.
          if (r.method().equals("DELETE")) {
            cases.add(cases.remove(0));
          }
        } else {
          cases.add(new Case("no credentials", null, r.okStatus(), null, null));
          cases.add(new Case("malformed", "Bearer", r.okStatus(), null, null));
        }
        for (Case c : cases) {
          String id = "mx-" + (++requestNumber);
          HttpResponse<byte[]> resp = send(base, r.method(), path, c.authorization(), body, id);
          String what = r.method() + " " + r.template() + " with " + c.name();
          assertEquals(c.status(), resp.statusCode(),
              what + ": " + new String(resp.body(), StandardCharsets.UTF_8));
          if (c.status() == 401 || c.status() == 403) {
            assertRefusal(resp, c, scope, what);
          }
          if (c.name().equals("other tenant")) {
            others.add(new OtherTenant(what, r.method(), path, body, id, resp));
            expected.put(id, new Expected("access", c.status(), null, c.subject(), r.action(),
                r.template(), "globex"));
          } else if (c.reason() != null) {
            expected.put(id, new Expected("refused", c.status(), c.reason(), c.subject(),
                r.action() == null ? "none" : r.action(), r.template(), null));
          } else if (r.action() != null) {
            expected.put(id, new Expected("access", c.status(), null, tokens.full.id(),
                r.action(), r.template(), "acme"));
          } else {
            expected.put(id, null); // public or no instance data: no audit line
          }
        }
      }
      // The instance is gone now (the last rule deleted it): every other-tenant answer must be
      // exactly what a request for an instance that exists nowhere gets.
      for (OtherTenant o : others) {
        String replayId = "rx" + o.id().substring(2);
        HttpResponse<byte[]> absent = send(base, o.method(), o.path(),
            AuthFixture.bearer(tokens.otherTenant), o.body(), replayId);
        assertEquals(absent.statusCode(), o.answer().statusCode(), o.what());
        assertEquals(headers(absent, replayId), headers(o.answer(), o.id()), o.what());
        assertEquals(new String(absent.body(), StandardCharsets.UTF_8).replace(replayId, "ID"),
            new String(o.answer().body(), StandardCharsets.UTF_8).replace(o.id(), "ID"), o.what());
        assertTrue(o.answer().headers().firstValue("ETag").isEmpty()
            || o.answer().statusCode() == 200, o.what() + " has an ETag");
      }
      // Query values never reach the audit log (nor any other log).
      String qido = "/dicomweb/studies?PatientName=CompressedSamples*";
      assertEquals(401, send(base, "GET", qido, null, null, "q-1").statusCode());
      assertEquals(200, send(base, "GET", qido, AuthFixture.bearer(tokens.full), null, "q-2")
          .statusCode());
      // HTTP Basic with the token as the password, any user name (curl -u x:TOKEN).
      String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
          ("x:" + tokens.full.secret()).getBytes(StandardCharsets.UTF_8));
      assertEquals(200, send(base, "GET", "/instances", basic, null, "b-1").statusCode());
      // Pages' scripts mark their requests and get only the Bearer challenge, so the browser
      // does not show its own Basic login dialog.
      HttpResponse<byte[]> script = http.send(HttpRequest.newBuilder(URI.create(base
          + "/instances")).header("X-Requested-With", "XMLHttpRequest").build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(401, script.statusCode());
      assertEquals(List.of("Bearer realm=\"lightbox\""),
          script.headers().allValues("WWW-Authenticate"));
      // A path no route serves needs a credential too: 401 without, 404 with one.
      assertEquals(401, send(base, "GET", "/nothing-here", null, null, "n-1").statusCode());
      assertEquals(404, send(base, "GET", "/nothing-here", AuthFixture.bearer(tokens.full),
          null, "n-2").statusCode());
    } finally {
      server.close(); // writes the queued audit lines
      Logger.getLogger("").removeHandler(capture);
    }
    Map<String, JsonObject> lines = new HashMap<>();
    String auditText = Files.readString(audit);
    for (String line : auditText.split("\n")) {
      if (!line.isBlank()) {
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        assertNull(lines.put(o.get("requestId").getAsString(), o), "one line per request");
      }
    }
    expected.forEach((id, e) -> assertAudited(lines.get(id), e, id));
    assertFalse(auditText.contains("CompressedSamples"), "no patient name in the audit log");
    assertTrue(lines.get("q-2").toString().contains("\"route\":\"/dicomweb/studies\""));
    for (String line : logged) {
      assertFalse(line.contains("CompressedSamples"), "a log line names the patient: " + line);
      assertFalse(line.contains(tokens.full.secret().substring(4)), "a log line has a secret");
    }
    assertFalse(auditText.contains(tokens.full.secret().substring(4)), "a secret was audited");
  }

  private record Expected(String event, int status, String reason, String subject,
      String action, String route, String tenant) {}

  /** The answer's headers but its date, with the request id written as ID. */
  private static Map<String, List<String>> headers(HttpResponse<byte[]> r, String id) {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    r.headers().map().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("date")) {
        out.put(name.toLowerCase(java.util.Locale.ROOT),
            values.stream().map(v -> v.replace(id, "ID")).toList());
      }
    });
    return out;
  }

  private static void assertAudited(JsonObject line, Expected e, String id) {
    if (e == null) {
      assertNull(line, "no audit line expected for " + id);
      return;
    }
    assertTrue(line != null, "no audit line for " + id + " " + e);
    String where = id + " " + line;
    assertEquals(e.event(), line.get("event").getAsString(), where);
    assertEquals(e.status(), line.get("status").getAsInt(), where);
    assertEquals(e.action(), line.get("action").getAsString(), where);
    assertEquals(e.route(), line.get("route").getAsString(), where);
    assertEquals("127.0.0.1", line.get("client").getAsString(), where);
    assertFalse(line.get("time").getAsString().isEmpty(), where);
    if (e.reason() == null) {
      assertTrue(line.get("reason").isJsonNull(), where);
      assertEquals(e.tenant(), line.get("tenant").getAsString(), where);
    } else {
      assertEquals(e.reason(), line.get("reason").getAsString(), where);
    }
    if (e.subject() == null) {
      assertTrue(line.get("subject").isJsonNull(), where);
    } else {
      assertEquals(e.subject(), line.get("subject").getAsString(), where);
    }
    JsonObject uids = line.getAsJsonObject("uids");
    if (e.route().startsWith("/tokens/")) {
      assertEquals("(by name)", uids.get("tokenId").getAsString(), where);
    } else if (e.route().contains("{id}") || e.route().contains("{instance}")) {
      assertEquals(SOP, uids.get("sopInstanceUid").getAsString(), where);
    }
    if (e.route().contains("{study}")) {
      assertEquals(STUDY, uids.get("studyInstanceUid").getAsString(), where);
    }
  }

  private static void assertRefusal(HttpResponse<byte[]> r, Case c, String scope, String what) {
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""),
        what);
    String text = new String(r.body(), StandardCharsets.UTF_8);
    JsonObject p = JsonParser.parseString(text).getAsJsonObject();
    assertEquals(Set.of("type", "title", "status", "detail", "instance", "requestId"),
        p.keySet(), what);
    assertEquals(c.status(), p.get("status").getAsInt(), what);
    assertFalse(text.contains("CompressedSamples"), what + " leaks the patient name");
    assertTrue(r.headers().firstValue("ETag").isEmpty(), what + " has an ETag");
    assertTrue(r.headers().firstValue("Content-Disposition").isEmpty(), what);
    List<String> challenges = r.headers().allValues("WWW-Authenticate");
    if (c.status() == 401) {
      assertEquals("/problems/unauthorized", p.get("type").getAsString(), what);
      String bearer = c.authorization() == null ? "Bearer realm=\"lightbox\""
          : "Bearer realm=\"lightbox\", error=\"invalid_token\"";
      assertEquals(List.of(bearer, "Basic realm=\"lightbox\", charset=\"UTF-8\""), challenges,
          what);
    } else {
      assertEquals("/problems/insufficient-scope", p.get("type").getAsString(), what);
      assertTrue(p.get("detail").getAsString().contains("'" + scope + "'"), what);
      assertEquals(List.of("Bearer realm=\"lightbox\", error=\"insufficient_scope\", scope=\""
          + scope + "\""), challenges, what);
    }
    assertNotEquals(0, p.get("requestId").getAsString().length());
  }

  private HttpResponse<byte[]> send(String base, String method, String path,
      String authorization, byte[] body, String requestId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("X-Request-Id", requestId).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (body != null) {
      b.header("Content-Type", body == TOKEN_REQUEST ? "application/json" : "application/dicom");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Every log record of the run, formatted, for the no-PHI check. */
  private Handler captureLogs() {
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord record) {
        synchronized (logged) {
          logged.add(new java.util.logging.SimpleFormatter().format(record));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger.getLogger("").addHandler(h);
    return h;
  }
}
