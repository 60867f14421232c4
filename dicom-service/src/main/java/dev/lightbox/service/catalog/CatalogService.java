package dev.lightbox.service.catalog;

import dev.lightbox.service.Failures;
import dev.lightbox.service.OperationTimer;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.Tenant;
import dev.lightbox.service.Uids;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.InstancePage;
import dev.lightbox.storage.index.InstanceQuery;
import dev.lightbox.storage.index.InstanceRecord;
import dev.lightbox.storage.ingest.Ingestor;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What is stored: one instance by SOP Instance UID, filtered listings, and deletion. Answers come
 * from the index alone; no blob is read.
 */
public final class CatalogService {
  /** Filters {@link #list} accepts, by DICOM keyword. */
  public static final Set<String> LIST_FILTERS = Set.of("PatientID", "StudyInstanceUID",
      "SeriesInstanceUID", "Modality", "StudyDate");
  public static final int DEFAULT_LIMIT = InstanceQuery.DEFAULT_LIMIT;
  public static final int MAX_LIMIT = InstanceQuery.MAX_LIMIT;

  private final InstanceIndex index;
  private final Ingestor ingestor;
  private final OperationTimer timer;
  private volatile java.util.function.BiConsumer<Tenant, String> changes = (tenant, id) -> {};

  public CatalogService(InstanceIndex index, Ingestor ingestor, OperationTimer timer) {
    this.index = Objects.requireNonNull(index, "index");
    this.ingestor = Objects.requireNonNull(ingestor, "ingestor");
    this.timer = Objects.requireNonNull(timer, "timer");
  }

  /**
   * The tenant's stored instance {@code id} (a SOP Instance UID); INSTANCE_NOT_FOUND, with the same
   * text, whether no tenant or only another tenant has it.
   */
  public StoredInstance find(Tenant tenant, String id) throws ServiceException {
    Uids.requireInstanceId(id);
    long start = System.nanoTime();
    Optional<InstanceRecord> found;
    try {
      found = index.find(tenant.name(), id);
    } catch (Exception e) {
      throw Failures.translate(e);
    } finally {
      timer.record(OperationTimer.Operation.INDEX, System.nanoTime() - start);
    }
    return StoredInstance.of(tenant, found.orElseThrow(() -> ServiceException.instanceNotFound(id)));
  }

  /**
   * One page of stored instances, oldest first. {@code filters} maps keywords of {@link
   * #LIST_FILTERS} to values that must match exactly; StudyDate takes a date or a range in the
   * DICOM form {@code YYYYMMDD-YYYYMMDD}, either end open (PS3.4 C.2.2.2.5).
   */
  public InstanceListing list(Tenant tenant, Map<String, String> filters, int limit, long offset)
      throws ServiceException {
    InstanceQuery q = InstanceQuery.all();
    for (Map.Entry<String, String> f : filters.entrySet()) {
      String v = f.getValue();
      q = switch (f.getKey()) {
        case "PatientID" -> q.patientId(v);
        case "StudyInstanceUID" -> q.studyInstanceUid(v);
        case "SeriesInstanceUID" -> q.seriesInstanceUid(v);
        case "Modality" -> q.modality(v);
        case "StudyDate" -> studyDate(q, v.strip());
        default -> throw ServiceException.invalidRequest("unknown filter '" + f.getKey()
            + "'; accepted: " + String.join(", ", LIST_FILTERS.stream().sorted().toList()));
      };
    }
    if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
      throw ServiceException.invalidRequest("limit must be 1.." + MAX_LIMIT
          + " and offset at least 0, got " + limit + " and " + offset);
    }
    long start = System.nanoTime();
    try {
      InstancePage page = index.list(tenant.name(), q.page(limit, offset));
      List<StoredInstance> items = page.items().stream().map(r -> StoredInstance.of(tenant, r)).toList();
      return new InstanceListing(items, page.total(), page.limit(), page.offset());
    } catch (Exception e) {
      throw Failures.translate(e);
    } finally {
      timer.record(OperationTimer.Operation.INDEX, System.nanoTime() - start);
    }
  }

  /**
   * Every stored instance of a study, or of one series of it, in storage order; INSTANCE_NOT_FOUND
   * when there is none (the study or series is unknown). For retrieval of whole studies and series
   * (WADO-RS, C-GET/C-MOVE), so bounded by {@code max}.
   */
  public List<StoredInstance> instancesOf(Tenant tenant, String study, Optional<String> series, int max)
      throws ServiceException {
    Uids.requireUid("study", study);
    if (series.isPresent()) {
      Uids.requireUid("series", series.get());
    }
    Map<String, String> filters = new java.util.LinkedHashMap<>();
    filters.put("StudyInstanceUID", study);
    series.ifPresent(s -> filters.put("SeriesInstanceUID", s));
    List<StoredInstance> all = new java.util.ArrayList<>();
    for (long offset = 0; ; offset += MAX_LIMIT) {
      InstanceListing page = list(tenant, filters, MAX_LIMIT, offset);
      all.addAll(page.items());
      if (all.size() > max) {
        throw new ServiceException(dev.lightbox.service.Failure.LIMIT_EXCEEDED, "the "
            + (series.isPresent() ? "series" : "study") + " has more than " + max
            + " instances; retrieve it series by series or instance by instance");
      }
      if (page.items().size() < MAX_LIMIT || offset + MAX_LIMIT >= page.total()) {
        break;
      }
    }
    if (all.isEmpty()) {
      throw new ServiceException(dev.lightbox.service.Failure.INSTANCE_NOT_FOUND,
          series.isPresent() ? "no instance of series " + series.get() + " in study " + study
              + " is stored" : "no instance of study " + study + " is stored");
    }
    return all;
  }

  /**
   * The image that stands for a study or series (a thumbnail's source, PS3.18 §10.4.1.1.6): the
   * middle image of the first series that has images, in storage order; NO_PIXEL_DATA when none
   * of its instances is an image.
   */
  public StoredInstance representative(Tenant tenant, String study, Optional<String> series)
      throws ServiceException {
    List<StoredInstance> all = instancesOf(tenant, study, series, 100_000);
    String firstSeries = null;
    List<StoredInstance> images = new java.util.ArrayList<>();
    for (StoredInstance i : all) {
      if (i.frames() < 1) {
        continue;
      }
      if (firstSeries == null) {
        firstSeries = i.seriesInstanceUid();
      }
      if (i.seriesInstanceUid().equals(firstSeries)) {
        images.add(i);
      }
    }
    if (images.isEmpty()) {
      throw new ServiceException(dev.lightbox.service.Failure.NO_PIXEL_DATA, "no instance of "
          + (series.isPresent() ? "series " + series.get() : "study " + study) + " is an image");
    }
    return images.get(images.size() / 2);
  }

  /** Deletes the tenant's {@code id}; its blob goes once nothing (of any tenant) refers to it. */
  public void delete(Tenant tenant, String id) throws ServiceException {
    Uids.requireInstanceId(id);
    Optional<InstanceRecord> removed;
    try {
      removed = ingestor.delete(tenant.name(), id);
    } catch (Exception e) {
      throw Failures.translate(e);
    }
    if (removed.isEmpty()) {
      throw ServiceException.instanceNotFound(id);
    }
    changes.accept(tenant, id);
  }

  /**
   * Tells {@code listener} the tenant and id of every instance deleted here, after the index
   * commit (caches of answers derived from the instance drop it). Set once by the composition root.
   */
  public void onChange(java.util.function.BiConsumer<Tenant, String> listener) {
    this.changes = Objects.requireNonNull(listener, "listener");
  }

  private static InstanceQuery studyDate(InstanceQuery q, String text) throws ServiceException {
    int dash = text.indexOf('-');
    if (dash < 0) {
      LocalDate d = date(text);
      return q.studyDate(Optional.of(d), Optional.of(d));
    }
    String from = text.substring(0, dash);
    String to = text.substring(dash + 1);
    if (from.isEmpty() && to.isEmpty()) {
      throw ServiceException.invalidRequest("StudyDate range needs at least one end");
    }
    return q.studyDate(from.isEmpty() ? Optional.empty() : Optional.of(date(from)),
        to.isEmpty() ? Optional.empty() : Optional.of(date(to)));
  }

  private static LocalDate date(String s) throws ServiceException {
    try {
      return LocalDate.parse(s, DateTimeFormatter.BASIC_ISO_DATE);
    } catch (DateTimeParseException e) {
      String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
      throw ServiceException.invalidRequest("StudyDate must be YYYYMMDD or a range "
          + "YYYYMMDD-YYYYMMDD, got '" + shown + "'");
    }
  }
}
