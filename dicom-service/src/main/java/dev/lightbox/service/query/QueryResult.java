package dev.lightbox.service.query;

import dev.lightbox.service.JsonWritable;
import java.util.List;

/**
 * The answer to a study, series or instance search: the matches as DICOM JSON (PS3.18 §10.6.3.3),
 * how many matched overall, and the warnings a transport passes on (parameters ignored, results
 * truncated; PS3.18 §8.3.4.4).
 */
public record QueryResult(List<JsonWritable> matches, long total, List<String> warnings) {
  public QueryResult {
    matches = List.copyOf(matches);
    warnings = List.copyOf(warnings);
  }
}
