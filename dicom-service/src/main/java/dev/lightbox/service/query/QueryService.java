package dev.lightbox.service.query;

import dev.lightbox.dicom.data.DictionaryEntry;
import dev.lightbox.dicom.data.ElementDictionary;
import dev.lightbox.dicom.data.PersonName;
import dev.lightbox.service.Failures;
import dev.lightbox.service.JsonWritable;
import dev.lightbox.service.OperationTimer;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Tenant;
import dev.lightbox.storage.index.IndexQuery;
import dev.lightbox.storage.index.IndexedAttribute;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.Match;
import dev.lightbox.storage.index.QueryLevel;
import dev.lightbox.storage.index.QueryPage;
import dev.lightbox.storage.index.QueryRow;
import dev.lightbox.storage.index.ValueKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Study, series and instance searches (QIDO-RS, PS3.18 §10.6; the matching of PS3.4 C.2.2.2)
 * answered from the index alone: keys by keyword or tag resolved against the indexed attributes,
 * matched by the index, and each match written as DICOM JSON with the return keys of PS3.18 Table
 * 6.7.1-2 for its level (computed ones such as ModalitiesInStudy and the Number of ... Related
 * counts included), any {@code includefield}s, and the Retrieve URL the transport gives.
 */
public final class QueryService {
  /** Page size when the client names none. */
  public static final int DEFAULT_LIMIT = 1000;
  public static final int MAX_LIMIT = IndexQuery.MAX_LIMIT;
  /** The warning text of PS3.18 §8.3.4.4 for a truncated result. */
  public static final String TRUNCATED = "The number of results exceeded the maximum supported "
      + "by the server. Additional results can be requested.";

  private static final ElementDictionary DICTIONARY = ElementDictionary.standard();
  private static final Set<IndexedAttribute> PATIENT_COUNTS = EnumSet.of(
      IndexedAttribute.NUMBER_OF_PATIENT_RELATED_STUDIES,
      IndexedAttribute.NUMBER_OF_PATIENT_RELATED_SERIES,
      IndexedAttribute.NUMBER_OF_PATIENT_RELATED_INSTANCES);

  private final InstanceIndex index;
  private final OperationTimer timer;
  private final boolean personNamesCaseInsensitive;

  /** Person names match case-sensitively unless a request asks for fuzzy matching. */
  public QueryService(InstanceIndex index, OperationTimer timer) {
    this(index, timer, false);
  }

  /**
   * @param personNamesCaseInsensitive every search matches person names case-insensitively
   *     ("where configured", PS3.4 C.2.2.2.1): the one place the server setting applies, so
   *     C-FIND and QIDO-RS answer alike; the index compares upper-cased names in both dialects
   */
  public QueryService(InstanceIndex index, OperationTimer timer,
      boolean personNamesCaseInsensitive) {
    this.index = Objects.requireNonNull(index, "index");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.personNamesCaseInsensitive = personNamesCaseInsensitive;
  }

  public QueryResult search(Tenant tenant, SearchRequest request, RetrieveLinks links) throws ServiceException {
    QueryLevel level = request.level().index();
    List<String> warnings = new ArrayList<>();
    List<Match> matches = new ArrayList<>();
    for (Map.Entry<String, String> key : request.keys()) {
      Optional<IndexedAttribute> a = attribute(key.getKey(), warnings, "matching key");
      if (a.isEmpty()) {
        continue;
      }
      if (!level.canMatch(a.get().level())) {
        throw ServiceException.invalidRequest(a.get().keyword() + " is a "
            + a.get().level().name().toLowerCase(Locale.ROOT) + "-level attribute and cannot be "
            + "matched in a " + level.name().toLowerCase(Locale.ROOT) + " search");
      }
      if (a.get().computed()) {
        warnings.add(a.get().keyword() + " is computed by the server and cannot be matched; "
            + "the key was ignored");
        continue;
      }
      try {
        // The same PN normalisation as ingest (PS3.5 Table 6.2-1: component spaces insignificant)
        String value = a.get().kind() == ValueKind.PERSON_NAME
            ? PersonName.normalize(key.getValue()) : key.getValue();
        matches.add(new Match(a.get(), value));
      } catch (IllegalArgumentException e) {
        throw ServiceException.invalidRequest(e.getMessage());
      }
    }
    List<IndexedAttribute> returned = returnKeys(level, request.includeFields(), warnings);
    int limit = request.limit() == 0 ? DEFAULT_LIMIT : request.limit();
    if (limit < 0 || request.offset() < 0) {
      throw ServiceException.invalidRequest("limit and offset must not be negative, got "
          + request.limit() + " and " + request.offset());
    }
    if (limit > MAX_LIMIT) {
      warnings.add("limit " + limit + " is above the maximum of " + MAX_LIMIT + "; "
          + MAX_LIMIT + " were returned at most");
      limit = MAX_LIMIT;
    }
    QueryPage page;
    long start = System.nanoTime();
    try {
      page = index.query(tenant.name(), new IndexQuery(level, matches, caseInsensitive(request.fuzzy()), limit,
          request.offset()));
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalidRequest(e.getMessage());
    } catch (Exception e) {
      throw Failures.translate(e);
    } finally {
      timer.record(OperationTimer.Operation.INDEX, System.nanoTime() - start);
    }
    if (page.total() > request.offset() + page.rows().size()) {
      warnings.add(TRUNCATED);
    }
    List<JsonWritable> out = new ArrayList<>(page.rows().size());
    for (QueryRow row : page.rows()) {
      out.add(QueryRowJson.of(row, returned, links));
    }
    return new QueryResult(out, page.total(), warnings);
  }

  private boolean caseInsensitive(boolean requested) {
    return requested || personNamesCaseInsensitive;
  }

  /**
   * C-FIND matching (PS3.4 C.4.1.2, the matching of C.2.2.2) over the same index as {@link
   * #search}. Keys the index does not keep and computed attributes are not matched (PS3.4
   * C.4.1.1.3.1 lets an SCP ignore keys it does not support); a key of a level below the queried
   * one is refused as INVALID_REQUEST (PS3.4 C.4.1.2.2.1: a hierarchical identifier holds keys of
   * its level and above). Each row carries every indexed value of its level and the levels above.
   */
  public FindPage find(Tenant tenant, FindRequest request) throws ServiceException {
    QueryLevel level = QueryLevel.valueOf(request.level().name());
    List<Match> matches = new ArrayList<>();
    for (Map.Entry<Integer, String> key : request.keys()) {
      Optional<IndexedAttribute> a = IndexedAttribute.forTag(key.getKey());
      if (a.isEmpty() || a.get().computed() || key.getValue().isEmpty()) {
        continue;
      }
      if (!level.canMatch(a.get().level())) {
        throw ServiceException.invalidRequest(a.get().describe() + " is a "
            + a.get().level().name() + "-level key and cannot be in a " + level.name()
            + "-level identifier (PS3.4 C.4.1.2.2.1)");
      }
      try {
        matches.add(new Match(a.get(), key.getValue()));
      } catch (IllegalArgumentException e) {
        throw ServiceException.invalidRequest(e.getMessage());
      }
    }
    QueryPage page;
    long start = System.nanoTime();
    try {
      page = index.query(tenant.name(), new IndexQuery(level, matches, caseInsensitive(request.fuzzy()),
          request.limit(), request.offset()));
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalidRequest(e.getMessage());
    } catch (Exception e) {
      throw Failures.translate(e);
    } finally {
      timer.record(OperationTimer.Operation.INDEX, System.nanoTime() - start);
    }
    List<Map<Integer, String>> rows = new ArrayList<>(page.rows().size());
    for (QueryRow row : page.rows()) {
      Map<Integer, String> values = new java.util.HashMap<>();
      for (Map.Entry<IndexedAttribute, String> v : row.values().asMap().entrySet()) {
        if (level.canMatch(v.getKey().level())
            && (level == QueryLevel.PATIENT || !PATIENT_COUNTS.contains(v.getKey()))) {
          values.put(v.getKey().tag(), v.getValue());
        }
      }
      rows.add(values);
    }
    return new FindPage(rows, page.total());
  }

  /** The return keys: the level's own, the UIDs above it, the patient's for studies, extras. */
  private static List<IndexedAttribute> returnKeys(QueryLevel level, List<String> includeFields,
      List<String> warnings) throws ServiceException {
    Set<IndexedAttribute> keys = EnumSet.noneOf(IndexedAttribute.class);
    keys.addAll(IndexedAttribute.ofLevel(level));
    keys.add(IndexedAttribute.STUDY_INSTANCE_UID);
    if (level == QueryLevel.INSTANCE) {
      keys.add(IndexedAttribute.SERIES_INSTANCE_UID);
    }
    if (level == QueryLevel.STUDY) {
      // PS3.18 Table 6.7.1-2: a study answer carries the patient's name, id, birth date and sex.
      keys.addAll(IndexedAttribute.ofLevel(QueryLevel.PATIENT));
    }
    for (String field : includeFields) {
      for (String f : field.split(",")) {
        String name = f.strip();
        if (name.isEmpty()) {
          continue;
        }
        if (name.equalsIgnoreCase("all")) {
          for (IndexedAttribute a : IndexedAttribute.values()) {
            if (level.canMatch(a.level())) {
              keys.add(a);
            }
          }
          continue;
        }
        Optional<IndexedAttribute> a = attribute(name, warnings, "includefield");
        if (a.isPresent() && level.canMatch(a.get().level())) {
          keys.add(a.get());
        } else if (a.isPresent()) {
          warnings.add("includefield " + name + " is below the " + level.name().toLowerCase(
              Locale.ROOT) + " level and was ignored");
        }
      }
    }
    if (level != QueryLevel.PATIENT) {
      keys.removeAll(PATIENT_COUNTS);
    }
    return List.copyOf(keys);
  }

  /**
   * The indexed attribute a keyword or tag names; empty (with a warning) for a valid attribute
   * the index does not keep; INVALID_REQUEST for a name that is neither a keyword nor a tag.
   */
  private static Optional<IndexedAttribute> attribute(String name, List<String> warnings,
      String what) throws ServiceException {
    OptionalInt tag = tagOf(name);
    if (tag.isEmpty()) {
      throw ServiceException.invalidRequest("unknown " + what + " '" + shorten(name)
          + "': give a DICOM keyword (PatientName) or a tag as 8 hex digits (00100010)");
    }
    Optional<IndexedAttribute> a = IndexedAttribute.forTag(tag.getAsInt());
    if (a.isEmpty()) {
      warnings.add(what + " " + shorten(name) + " is not supported (not indexed) and was ignored");
    }
    return a;
  }

  private static OptionalInt tagOf(String name) {
    if (name.matches("[0-9A-Fa-f]{8}")) {
      return OptionalInt.of(HexFormat.fromHexDigits(name));
    }
    OptionalInt t = DICTIONARY.tagForKeyword(name);
    return t;
  }

  /** The VR the dictionary gives {@code tag} (the first of several). */
  static String vr(int tag) {
    return DICTIONARY.entry(tag).map(DictionaryEntry::vrs).filter(v -> !v.isEmpty())
        .map(v -> v.get(0).name()).orElse("UN");
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
