package dev.lightbox.dicom.net.service;

/**
 * What a {@link StorageProvider} learns about one received C-STORE (PS3.7 §9.1.1): the AEs, the
 * Affected SOP Class and Instance UIDs of the command, the transfer syntax the data set is encoded
 * in (that of the presentation context), and for a C-MOVE sub-operation the originator.
 */
public record StoreRequest(String callingAeTitle, String calledAeTitle, String sopClassUid,
    String sopInstanceUid, String transferSyntaxUid, String moveOriginatorAeTitle,
    int moveOriginatorMessageId) {}
