package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.data.Dataset;
import java.util.stream.Stream;

/**
 * Answers C-FIND (PS3.4 C.4.1): the matches of an identifier, each a dataset holding the requested
 * keys. The server implements this with the same index as QIDO-RS.
 *
 * <p>Contract: the stream is lazy; the SCP sends one pending response per element and stops
 * pulling (and closes the stream) as soon as the peer sends C-CANCEL, so an implementation backed
 * by a database cursor releases it in {@link Stream#onClose}. The SCP adds Query/Retrieve Level to
 * a match that lacks it. Throw {@link DimseStatusException} to answer with a specific failure
 * (A700 out of resources, A900 identifier does not match SOP class, C000 unable to process).
 */
@FunctionalInterface
public interface QueryProvider {
  Stream<Dataset> find(QueryRequest request) throws DimseStatusException;
}
