package dev.lightbox.dicom.net.service;

import java.util.List;

/**
 * Resolves a C-MOVE or C-GET identifier (PS3.4 C.4.2, C.4.3) to the instances to send. Each is
 * opened only when its sub-operation runs, so the list may be long.
 *
 * <p>Throw {@link DimseStatusException} to refuse (A701 out of resources computing matches, A900
 * identifier does not match SOP class, C000 unable to process).
 */
@FunctionalInterface
public interface RetrieveProvider {
  List<? extends RetrievableInstance> retrieve(QueryRequest request) throws DimseStatusException;
}
