package dev.lightbox.service.query;

/**
 * The Retrieve URL (0008,1190) a transport gives a study, series or instance found by a search
 * (PS3.18 §10.6.3.3); the service knows the UIDs, the route knows its URLs.
 */
public interface RetrieveLinks {
  String study(String study);

  String series(String study, String series);

  String instance(String study, String series, String instance);
}
