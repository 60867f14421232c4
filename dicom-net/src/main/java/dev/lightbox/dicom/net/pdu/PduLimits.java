package dev.lightbox.dicom.net.pdu;

/**
 * Upper bounds the {@link PduReader} checks before allocating.
 *
 * @param maxPDataLength the largest P-DATA-TF length field accepted: the Maximum Length Received
 *     this end announced (PS3.8 §D.1); 0 is not allowed here, this end always announces a bound
 * @param maxAssociateLength the largest A-ASSOCIATE-RQ/AC length field accepted
 */
public record PduLimits(long maxPDataLength, long maxAssociateLength) {
  /** Smallest maximum length PS3.8 lets an implementation announce is not fixed; keep it sane. */
  public static final int MIN_PDATA_LENGTH = 1024;

  public PduLimits {
    if (maxPDataLength < MIN_PDATA_LENGTH || maxPDataLength > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxPDataLength out of range: " + maxPDataLength);
    }
    if (maxAssociateLength < 68 || maxAssociateLength > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxAssociateLength out of range: " + maxAssociateLength);
    }
  }

  /** 16 KiB (dcmtk's default) would fragment needlessly; 256 KiB P-DATA, 1 MiB association. */
  public static PduLimits defaults() {
    return new PduLimits(256 * 1024, 1024 * 1024);
  }
}
