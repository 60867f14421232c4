package dev.lightbox.dicom.net.pdu;

/**
 * One presentation data value item of a P-DATA-TF (PS3.8 §9.3.5.1, Annex E.2): the presentation
 * context, the message control header (bit 0: command, bit 1: last fragment) and a fragment.
 */
public record Pdv(int contextId, boolean command, boolean last, byte[] data) {
  /** Length of the item in a PDU: 4-byte length, context id, control header, data. */
  public int encodedLength() {
    return 4 + 2 + data.length;
  }

  /** The message control header byte (PS3.8 Annex E.2). */
  public int controlHeader() {
    return (command ? 1 : 0) | (last ? 2 : 0);
  }

  @Override
  public String toString() {
    return "PDV(context " + contextId + (command ? ", command" : ", data")
        + (last ? ", last" : "") + ", " + data.length + " bytes)";
  }
}
