package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.DimseService;
import dev.lightbox.dicom.net.IncomingMessage;
import dev.lightbox.dicom.net.dimse.Commands;
import dev.lightbox.dicom.net.dimse.DatasetEncoder;
import dev.lightbox.dicom.net.dimse.Status;
import java.io.IOException;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Query/Retrieve FIND SCP (PS3.4 C.4.1): one pending response (FF00) per match from the {@link
 * QueryProvider}, then success; on C-CANCEL it stops pulling matches and answers FE00 (PS3.4
 * C.4.1.3.1). Matching itself is the provider's.
 */
public final class FindScp implements DimseService {
  private final QueryProvider provider;

  public FindScp(QueryProvider provider) {
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
    int messageId = request.command().messageId();
    int contextId = request.context().id();
    String ts = request.context().transferSyntax();
    association.runOperation(messageId, cancel -> {
      Stream<Dataset> matches;
      try {
        matches = provider.find(query);
      } catch (DimseStatusException e) {
        association.respond(request, e.status());
        return;
      }
      try (matches) {
        Iterator<Dataset> it = matches.iterator();
        while (true) {
          if (cancel.cancelled()) {
            association.respond(request, Status.of(Status.CANCEL));
            return;
          }
          if (!it.hasNext()) {
            break;
          }
          byte[] identifier = DatasetEncoder.encode(withLevel(it.next(), query.level()), ts);
          association.send(contextId,
              Commands.response(request.command(), Status.of(Status.PENDING), true),
              out -> out.write(identifier));
        }
      } catch (RuntimeException e) {
        association.respond(request, Status.of(Status.UNABLE_TO_PROCESS,
            "query failed: " + e.getMessage()));
        return;
      }
      association.respond(request, Status.OK);
    });
  }

  /** PS3.4 C.4.1.1.3.2: each match carries the Query/Retrieve Level. */
  private static Dataset withLevel(Dataset match, QueryRetrieveLevel level) {
    if (match.contains(QueryRetrieveLevel.TAG)) {
      return match;
    }
    DatasetBuilder b = new DatasetBuilder().bigEndian(match.bigEndian()).charset(match.charset());
    for (Element e : match) {
      b.add(e.tag(), e.vr(), e.value());
    }
    b.addString(QueryRetrieveLevel.TAG, Vr.CS, level.name());
    return b.build();
  }

}
