package dev.lightbox.http.dimse;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.net.service.DimseStatusException;
import dev.lightbox.dicom.net.service.QueryRequest;
import dev.lightbox.dicom.net.service.QueryRetrieveLevel;
import dev.lightbox.dicom.net.service.RetrievableInstance;
import dev.lightbox.dicom.net.service.RetrieveProvider;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Tenant;
import dev.lightbox.service.query.FindPage;
import dev.lightbox.service.query.FindRequest;
import dev.lightbox.service.query.QueryService;
import dev.lightbox.service.retrieve.RetrieveService;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * C-MOVE and C-GET from the blob store: the identifier's unique keys (PS3.4 C.6.1.1/C.6.2.1:
 * Patient ID, Study, Series and SOP Instance UIDs, each a single value or a UID list) select the
 * instances through the index ({@link QueryService#find} at instance level), and each becomes a
 * {@link StoredRetrievable} that opens its bytes only when its sub-operation runs.
 */
public final class StoredInstances implements RetrieveProvider {
  /** Most instances one C-MOVE or C-GET may select; more is A701 (PS3.4 C.4.2.1.5). */
  public static final int MAX_INSTANCES = 50_000;

  private static final int PATIENT_ID = 0x00100020;
  private static final int STUDY_INSTANCE_UID = 0x0020000D;
  private static final int SERIES_INSTANCE_UID = 0x0020000E;
  private static final int SOP_INSTANCE_UID = 0x00080018;
  private static final int PAGE = QueryService.MAX_LIMIT;

  private final QueryService query;
  private final RetrieveService retrieve;
  private final PeerTenants tenants;

  /** @param tenants whose instances each calling peer may retrieve */
  public StoredInstances(QueryService query, RetrieveService retrieve, PeerTenants tenants) {
    this.query = query;
    this.retrieve = retrieve;
    this.tenants = tenants;
  }

  @Override
  public List<StoredRetrievable> retrieve(QueryRequest request) throws DimseStatusException {
    List<Map.Entry<Integer, String>> keys = uniqueKeys(request.identifier(), request.level());
    Tenant tenant = tenants.of(request.callingAeTitle());
    try {
      List<StoredRetrievable> out = new ArrayList<>();
      for (long offset = 0; ; offset += PAGE) {
        FindPage page = query.find(tenant, new FindRequest(FindRequest.Level.INSTANCE, keys, false, PAGE,
            offset));
        if (page.total() > MAX_INSTANCES) {
          throw new DimseStatusException(0xA701, page.total() + " instances match, more than the "
              + MAX_INSTANCES + " one retrieve may send; retrieve series by series");
        }
        for (Map<Integer, String> row : page.rows()) {
          out.add(StoredRetrievable.of(retrieve, retrieve.file(tenant, row.get(SOP_INSTANCE_UID))));
        }
        if (page.rows().size() < PAGE || offset + PAGE >= page.total()) {
          return out;
        }
      }
    } catch (ServiceException e) {
      throw new DimseStatusException(DimseStatuses.queryFailure(e, true));
    }
  }

  /**
   * The unique keys of the level and the levels above it (PS3.4 C.4.2.2.1: a retrieve identifier
   * holds only those); an empty one is not a selection, so a retrieve needs its own level's key.
   */
  static List<Map.Entry<Integer, String>> uniqueKeys(Dataset identifier, QueryRetrieveLevel level)
      throws DimseStatusException {
    int own = switch (level) {
      case PATIENT -> PATIENT_ID;
      case STUDY -> STUDY_INSTANCE_UID;
      case SERIES -> SERIES_INSTANCE_UID;
      case IMAGE -> SOP_INSTANCE_UID;
    };
    List<Map.Entry<Integer, String>> keys = new ArrayList<>();
    for (int tag : new int[] {PATIENT_ID, STUDY_INSTANCE_UID, SERIES_INSTANCE_UID,
        SOP_INSTANCE_UID}) {
      String v = String.join("\\", identifier.strings(tag));
      if (!v.isEmpty()) {
        keys.add(new AbstractMap.SimpleImmutableEntry<>(tag, v));
      }
      if (tag == own) {
        if (v.isEmpty()) {
          throw new DimseStatusException(0xA900, String.format("the %s-level unique key "
              + "(%04X,%04X) is missing from the identifier", level, tag >>> 16, tag & 0xFFFF));
        }
        break;
      }
    }
    return keys;
  }
}
