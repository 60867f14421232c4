package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.AssociationOptions;
import dev.lightbox.dicom.net.DimseClient;
import dev.lightbox.dicom.net.DimseService;
import dev.lightbox.dicom.net.IncomingMessage;
import dev.lightbox.dicom.net.RemoteAe;
import dev.lightbox.dicom.net.ServiceRegistry;
import dev.lightbox.dicom.net.Uids;
import dev.lightbox.dicom.net.dimse.CommandTag;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.dimse.SubOperationCounts;
import dev.lightbox.dicom.net.pdu.PresentationContext;
import dev.lightbox.dicom.net.scu.StoreScu;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Query/Retrieve MOVE SCP (PS3.4 C.4.2): resolves the Move Destination by AE title (unknown: A801),
 * asks the {@link RetrieveProvider} for the instances, opens one association to the destination
 * proposing each instance's SOP class in its stored transfer syntax, and runs the C-STORE
 * sub-operations with the move originator fields set (PS3.7 §9.3.1.1).
 */
public final class MoveScp implements DimseService {
  /** Presentation context ids are odd numbers 1–255 (PS3.8 §9.3.2.2): at most 128. */
  private static final int MAX_CONTEXTS = 128;

  private final RetrieveProvider provider;
  private final DestinationResolver destinations;
  private final AssociationOptions options;

  public MoveScp(RetrieveProvider provider, DestinationResolver destinations,
      AssociationOptions options) {
    this.provider = provider;
    this.destinations = destinations;
    this.options = options;
  }

  @Override
  public void onRequest(Association association, IncomingMessage request) throws IOException {
    String destinationAe = request.command().string(CommandTag.MOVE_DESTINATION).orElse("");
    QueryRequest query;
    try {
      query = QueryIdentifiers.read(association, request, destinationAe);
    } catch (DimseStatusException e) {
      association.respond(request, e.status());
      return;
    }
    Optional<RemoteAe> destination = destinations.resolve(query.callingAeTitle(), destinationAe);
    if (destination.isEmpty()) {
      association.respond(request, Status.of(Status.MOVE_DESTINATION_UNKNOWN,
          "unknown Move Destination '" + destinationAe + "'"));
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
      if (instances.isEmpty()) {
        SubOperations.finish(association, request, Status.OK,
            new SubOperationCounts(0, 0, 0, 0), List.of(), false);
        return;
      }
      Association sub;
      try {
        sub = DimseClient.open(destination.get(), association.localAeTitle(),
            contexts(instances), List.of(), options, ServiceRegistry.none());
      } catch (IOException e) {
        List<String> all = new ArrayList<>();
        instances.forEach(i -> all.add(i.sopInstanceUid()));
        SubOperations.finish(association, request, Status.of(
            Status.OUT_OF_RESOURCES_SUB_OPERATIONS, "cannot associate with " + destinationAe
                + ": " + e.getMessage()),
            new SubOperationCounts(0, 0, instances.size(), 0), all, false);
        return;
      }
      try {
        String originator = association.remoteAeTitle();
        int originatorId = request.command().messageId();
        SubOperations.run(association, request, instances, cancel,
            instance -> StoreScu.storeQuietly(sub, instance, originator, originatorId));
      } finally {
        releaseQuietly(sub);
      }
    });
  }

  /**
   * One context per distinct (SOP class, stored transfer syntax), in order of first use, and for
   * instances that can be re-encoded a second context offering Explicit VR Little Endian alone, so
   * the stored syntax is used whenever the destination accepts it (PS3.8 §9.3.2.2: one
   * abstract syntax may be proposed in several contexts).
   */
  public static List<PresentationContext> contexts(List<? extends RetrievableInstance> instances) {
    Map<String, PresentationContext> byPair = new LinkedHashMap<>();
    for (RetrievableInstance i : instances) {
      add(byPair, i.sopClassUid(), i.transferSyntaxUid());
      if (i.canSendExplicitLittle()) {
        add(byPair, i.sopClassUid(), Uids.EXPLICIT_VR_LITTLE_ENDIAN);
      }
    }
    return List.copyOf(byPair.values());
  }

  private static void add(Map<String, PresentationContext> byPair, String sopClass, String ts) {
    String key = sopClass + "|" + ts;
    if (!byPair.containsKey(key) && byPair.size() < MAX_CONTEXTS) {
      byPair.put(key, new PresentationContext(2 * byPair.size() + 1, sopClass, List.of(ts)));
    }
  }

  private static void releaseQuietly(Association sub) {
    try {
      sub.release();
    } catch (IOException e) {
      sub.abort();
    }
  }
}
