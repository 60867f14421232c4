package dev.lightbox.dicom.net;

/** A presentation context both ends agreed on (PS3.8 §7.1.1.13): id, SOP class, transfer syntax. */
public record AcceptedContext(int id, String abstractSyntax, String transferSyntax) {}
