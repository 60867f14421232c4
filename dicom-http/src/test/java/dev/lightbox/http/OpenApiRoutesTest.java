package dev.lightbox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightbox.http.handler.OpenApiHandler;
import dev.lightbox.service.OperationTimer;
import dev.lightbox.service.ServiceConfig;
import dev.lightbox.service.Services;
import dev.lightbox.http.support.Metrics;
import dev.lightbox.http.support.Router;
import dev.lightbox.storage.blob.InMemoryBlobStore;
import dev.lightbox.storage.index.SqliteInstanceIndex;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The route table in {@link Routes} and the served OpenAPI document list the same operations. */
class OpenApiRoutesTest {
  @TempDir Path data;

  @Test
  @SuppressWarnings("unchecked")
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() throws Exception {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    Map<String, Object> spec = yaml.load(new ByteArrayInputStream(OpenApiHandler.load()));
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
    Set<String> documented = new TreeSet<>();
    Set<String> httpMethods = Set.of("get", "put", "post", "delete", "options", "head", "patch",
        "trace");
    paths.forEach((path, item) -> item.keySet().stream().filter(httpMethods::contains)
        .filter(m -> !m.equals("head")) // HEAD is implied wherever GET is served
        .forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));
    Set<String> routed;
    try (var index = SqliteInstanceIndex.open(data)) {
      Services services = Services.of(ServiceConfig.defaults().withDataDir(data),
          new InMemoryBlobStore(), index, OperationTimer.NONE);
      Router router = Routes.router(services, new Metrics());
      routed = router.endpoints().stream().map(e -> e.method() + " " + e.template())
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(routed, documented, "Routes and docs/openapi.yaml disagree");
  }

  /**
   * Every operation states its access rule as {@code x-lightbox-access}, and it is the rule the
   * router enforces (docs/security.md): the document cannot promise less protection than served.
   */
  @Test
  @SuppressWarnings("unchecked")
  void everyOperationDocumentsTheAccessRuleTheRouterEnforces() throws Exception {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    Map<String, Object> spec = yaml.load(new ByteArrayInputStream(OpenApiHandler.load()));
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
    Map<String, String> documented = new java.util.TreeMap<>();
    paths.forEach((path, item) -> item.forEach((method, op) -> {
      if (Set.of("get", "post", "delete").contains(method)) {
        Map<String, Object> operation = (Map<String, Object>) op;
        documented.put(method.toUpperCase(Locale.ROOT) + " " + path,
            String.valueOf(operation.get("x-lightbox-access")));
        boolean open = "public".equals(operation.get("x-lightbox-access"));
        Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
        if (!open) {
          for (String status : new String[] {"401", "403", "429"}) {
            org.junit.jupiter.api.Assertions.assertTrue(responses.containsKey(status),
                method + " " + path + " documents no " + status);
          }
        } else {
          assertEquals(java.util.List.of(), operation.get("security"),
              method + " " + path + " is public: it must say security: []");
        }
      }
    }));
    Map<String, String> enforced = new java.util.TreeMap<>();
    try (var index = SqliteInstanceIndex.open(data)) {
      Services services = Services.of(ServiceConfig.defaults().withDataDir(data),
          new InMemoryBlobStore(), index, OperationTimer.NONE);
      for (Router.Endpoint e : Routes.router(services, new Metrics()).endpoints()) {
        enforced.put(e.method() + " " + e.template(), e.access().label());
      }
    }
    assertEquals(enforced, documented, "x-lightbox-access in docs/openapi.yaml and the router "
        + "disagree");
  }
}
