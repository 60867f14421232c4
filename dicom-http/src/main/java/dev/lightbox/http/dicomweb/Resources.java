package dev.lightbox.http.dicomweb;

import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.catalog.CatalogService;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.Optional;

/**
 * The instances a WADO-RS path names (PS3.18 §10.4.1): a study, a series of it, or one instance
 * of that series. An instance under another study or series than the path says is not found.
 */
final class Resources {
  /** Most instances one study or series request covers. */
  static final int MAX_INSTANCES = 100_000;

  private Resources() {}

  enum Level { STUDY, SERIES, INSTANCE }

  static Level level(HttpServerExchange exchange) {
    String route = Router.route(exchange);
    if (route.contains("{instance}")) {
      return Level.INSTANCE;
    }
    return route.contains("{series}") ? Level.SERIES : Level.STUDY;
  }

  static List<StoredInstance> instances(HttpServerExchange exchange, CatalogService catalog)
      throws ServiceException {
    String study = Router.param(exchange, "study");
    return switch (level(exchange)) {
      case STUDY -> catalog.instancesOf(AuthGate.tenant(exchange), study, Optional.empty(), MAX_INSTANCES);
      case SERIES -> catalog.instancesOf(AuthGate.tenant(exchange), study, Optional.of(Router.param(exchange, "series")),
          MAX_INSTANCES);
      case INSTANCE -> List.of(instance(exchange, catalog));
    };
  }

  /** The instance of an instance-level path, checked against its study and series. */
  static StoredInstance instance(HttpServerExchange exchange, CatalogService catalog)
      throws ServiceException {
    String study = Router.param(exchange, "study");
    String series = Router.param(exchange, "series");
    String id = Router.param(exchange, "instance");
    StoredInstance i = catalog.find(AuthGate.tenant(exchange), id);
    if (!i.studyInstanceUid().equals(study) || !i.seriesInstanceUid().equals(series)) {
      throw ServiceException.instanceNotFound(id + " in series " + series + " of study " + study);
    }
    return i;
  }
}
