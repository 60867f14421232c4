package dev.lightbox.dicom.net.pdu;

import java.util.List;

/** P-DATA-TF (PS3.8 §9.3.5): one or more presentation data values. */
public record PDataTf(List<Pdv> values) implements Pdu {
  public PDataTf {
    values = List.copyOf(values);
  }

  @Override
  public int type() {
    return PduType.P_DATA_TF;
  }

  /** The value of the PDU length field. */
  public long length() {
    long n = 0;
    for (Pdv v : values) {
      n += v.encodedLength();
    }
    return n;
  }
}
