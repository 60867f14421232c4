package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.data.Dataset;

/**
 * One C-FIND or retrieve request as a provider sees it: the calling AE, the information model, the
 * level and the identifier (PS3.4 C.4.1.1.3, C.4.2.1.4). For C-MOVE, {@code moveDestination} names
 * the destination AE; it is empty otherwise.
 */
public record QueryRequest(String callingAeTitle, QueryRetrieveModel model,
    QueryRetrieveLevel level, Dataset identifier, String moveDestination) {}
