package dev.lightbox.dicom.net.pdu;

/**
 * SCP/SCU Role Selection sub-item (PS3.7 Annex D.3.3.4): for one SOP class, whether the association
 * requestor may act as SCU and as SCP. In the A-ASSOCIATE-AC the acceptor returns the roles it
 * accepts. Without the item the requestor is SCU only.
 */
public record RoleSelection(String sopClassUid, boolean scu, boolean scp) {}
