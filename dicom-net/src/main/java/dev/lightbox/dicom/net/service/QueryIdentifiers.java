package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.IncomingMessage;
import dev.lightbox.dicom.net.dimse.Status;
import java.io.IOException;

/** Reads and checks the identifier of a C-FIND, C-MOVE or C-GET request (PS3.4 C.4.1.1.3). */
final class QueryIdentifiers {
  private QueryIdentifiers() {}

  /**
   * The request, or a {@link DimseStatusException} with the failure to answer: C000 for an
   * identifier that cannot be parsed, A900 for a missing or wrong Query/Retrieve Level or a SOP
   * class that is not a Query/Retrieve model.
   */
  static QueryRequest read(Association association, IncomingMessage request, String destination)
      throws IOException, DimseStatusException {
    if (!request.command().hasDataSet()) {
      throw new DimseStatusException(Status.CANNOT_UNDERSTAND, "request without an identifier");
    }
    Dataset identifier;
    try {
      identifier = association.readIdentifier(request);
    } catch (DicomParseException e) {
      request.data().transferTo(java.io.OutputStream.nullOutputStream());
      throw new DimseStatusException(Status.CANNOT_UNDERSTAND,
          "identifier cannot be parsed: " + e.getMessage());
    }
    String sopClass = request.command().affectedSopClassUid();
    QueryRetrieveModel model = QueryRetrieveModel.ofSopClass(sopClass).orElseThrow(() ->
        new DimseStatusException(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS,
            "not a Query/Retrieve SOP class: " + sopClass));
    String levelValue = identifier.string(QueryRetrieveLevel.TAG).orElse("");
    QueryRetrieveLevel level = QueryRetrieveLevel.parse(levelValue)
        .filter(l -> l.existsIn(model))
        .orElseThrow(() -> new DimseStatusException(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS,
            "Query/Retrieve Level (0008,0052) '" + levelValue + "' is not valid in " + model));
    return new QueryRequest(association.remoteAeTitle(), model, level, identifier, destination);
  }
}
