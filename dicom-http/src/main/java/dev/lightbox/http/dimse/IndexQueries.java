package dev.lightbox.http.dimse;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.net.service.DimseStatusException;
import dev.lightbox.dicom.net.service.QueryProvider;
import dev.lightbox.dicom.net.service.QueryRequest;
import dev.lightbox.dicom.net.service.QueryRetrieveLevel;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Tenant;
import dev.lightbox.service.query.FindPage;
import dev.lightbox.service.query.FindRequest;
import dev.lightbox.service.query.QueryService;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * C-FIND answered from the same index as QIDO-RS ({@link QueryService#find}): the identifier's
 * keys become index matches (PS3.4 C.2.2.2), and each match is answered with the identifier's keys
 * filled from the index (a key the index does not keep is returned zero-length, PS3.4
 * C.4.1.1.3.2). Matches are fetched a page at a time as the SCP pulls them, so a C-CANCEL stops
 * the reading.
 */
public final class IndexQueries implements QueryProvider {
  /** Specific Character Set (0008,0005): index values are UTF-8 strings. */
  private static final int SPECIFIC_CHARACTER_SET = 0x00080005;
  private static final int PAGE = 500;

  private final QueryService query;
  private final PeerTenants tenants;

  /**
   * Person names match as the query service is configured (case-sensitive unless {@code
   * --pn-case-insensitive}, PS3.4 C.2.2.2.1), the same for C-FIND as for QIDO-RS.
   */
  public IndexQueries(QueryService query, PeerTenants tenants) {
    this.query = query;
    this.tenants = tenants;
  }

  @Override
  public Stream<Dataset> find(QueryRequest request) throws DimseStatusException {
    FindRequest.Level level = level(request.level());
    List<Map.Entry<Integer, String>> keys = keys(request.identifier());
    List<Element> returned = returnKeys(request.identifier());
    Tenant tenant = tenants.of(request.callingAeTitle());
    FindPage first;
    try {
      first = query.find(tenant, new FindRequest(level, keys, false, PAGE, 0));
    } catch (ServiceException e) {
      throw new DimseStatusException(DimseStatuses.queryFailure(e, false));
    }
    Iterator<Map<Integer, String>> rows = new Pages(tenant, level, keys, first);
    Iterator<Dataset> datasets = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Dataset next() {
        return answer(returned, rows.next(), request.level());
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(datasets,
        Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  static FindRequest.Level level(QueryRetrieveLevel level) {
    return switch (level) {
      case PATIENT -> FindRequest.Level.PATIENT;
      case STUDY -> FindRequest.Level.STUDY;
      case SERIES -> FindRequest.Level.SERIES;
      case IMAGE -> FindRequest.Level.INSTANCE;
    };
  }

  /** The matching keys: every element with a value but the level and the character set. */
  static List<Map.Entry<Integer, String>> keys(Dataset identifier) {
    List<Map.Entry<Integer, String>> keys = new ArrayList<>();
    for (Element e : identifier) {
      if (skipped(e)) {
        continue;
      }
      String value = String.join("\\", identifier.strings(e.tag()));
      if (!value.isEmpty()) {
        keys.add(new AbstractMap.SimpleImmutableEntry<>(e.tag(), value));
      }
    }
    return keys;
  }

  private static List<Element> returnKeys(Dataset identifier) {
    List<Element> out = new ArrayList<>();
    for (Element e : identifier) {
      if (!skipped(e)) {
        out.add(e);
      }
    }
    return out;
  }

  private static boolean skipped(Element e) {
    return e.tag() == QueryRetrieveLevel.TAG || e.tag() == SPECIFIC_CHARACTER_SET
        || e.vr() == Vr.SQ || (e.tag() >>> 16) == 0x0000 || (e.tag() >>> 16) == 0x0002;
  }

  /** One response identifier: the requested keys (in the identifier's VRs) with the values. */
  private static Dataset answer(List<Element> returned, Map<Integer, String> row,
      QueryRetrieveLevel level) {
    DatasetBuilder b = new DatasetBuilder();
    b.addStrings(SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192");
    b.addStrings(QueryRetrieveLevel.TAG, Vr.CS, level.name());
    for (Element e : returned) {
      String v = row.get(e.tag());
      if (v == null || v.isEmpty()) {
        b.add(e.tag(), e.vr(), new byte[0]);
      } else {
        b.addStrings(e.tag(), e.vr(), v.split("\\\\", -1));
      }
    }
    return b.build();
  }

  /** The rows of a search, page after page, fetched when the previous page is used up. */
  private final class Pages implements Iterator<Map<Integer, String>> {
    private final Tenant tenant;
    private final FindRequest.Level level;
    private final List<Map.Entry<Integer, String>> keys;
    private FindPage page;
    private long offset;
    private int at;

    Pages(Tenant tenant, FindRequest.Level level, List<Map.Entry<Integer, String>> keys,
        FindPage first) {
      this.tenant = tenant;
      this.level = level;
      this.keys = keys;
      this.page = first;
    }

    @Override
    public boolean hasNext() {
      if (at < page.rows().size()) {
        return true;
      }
      long next = offset + page.rows().size();
      if (page.rows().size() < PAGE || next >= page.total()) {
        return false;
      }
      try {
        page = query.find(tenant, new FindRequest(level, keys, false, PAGE, next));
      } catch (ServiceException e) {
        throw new IllegalStateException("C-FIND page at " + next + " failed: "
            + e.getMessage(), e);
      }
      offset = next;
      at = 0;
      return !page.rows().isEmpty();
    }

    @Override
    public Map<Integer, String> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.rows().get(at++);
    }
  }
}
