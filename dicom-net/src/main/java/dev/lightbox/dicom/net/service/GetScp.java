package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.DimseService;
import dev.lightbox.dicom.net.IncomingMessage;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.scu.StoreScu;
import java.io.IOException;
import java.util.List;

/**
 * Query/Retrieve GET SCP (PS3.4 C.4.3): the C-STORE sub-operations run on the same association,
 * which needs an accepted storage context for each instance's SOP class in its stored transfer
 * syntax with the requestor accepted as SCP by role selection (PS3.7 D.3.3.4); an instance
 * without one is a failed sub-operation.
 */
public final class GetScp implements DimseService {
  private final RetrieveProvider provider;

  public GetScp(RetrieveProvider provider) {
    this.provider = provider;
  }

  @Override
  public void onRequest(Association association, IncomingMessage request) throws IOException {
    QueryRequest query;
    try {
      query = QueryIdentifiers.read(association, request, "");
    } catch (DimseStatusException e) {
      association.respond(request, e.status());
      return;
    }
    association.runOperation(request.command().messageId(), cancel -> {
      List<? extends RetrievableInstance> instances;
      try {
        instances = provider.retrieve(query);
      } catch (DimseStatusException e) {
        association.respond(request, e.status());
        return;
      }
      SubOperations.run(association, request, instances, cancel, instance -> {
        if (!association.requestorMayBeScp(instance.sopClassUid())) {
          return Status.of(Status.REFUSED_SOP_CLASS_NOT_SUPPORTED,
              "no SCP role selection for " + instance.sopClassUid());
        }
        return StoreScu.storeQuietly(association, instance, "", 0);
      });
    });
  }
}
