package dev.lightbox.http.tls;

import java.io.ByteArrayOutputStream;

/**
 * The few DER (ITU-T X.690) steps needed to turn the legacy OpenSSL key forms into PKCS#8, which
 * is the only form the JDK's key factories read: wrap the PKCS#1 (RFC 8017 A.1.2) or SEC1 (RFC
 * 5915) structure in a PrivateKeyInfo (RFC 5208 section 5).
 */
final class Der {
  private Der() {}

  /** AlgorithmIdentifier {rsaEncryption (1.2.840.113549.1.1.1), NULL} (RFC 8017 A.1). */
  static final byte[] RSA_ALGORITHM = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
      0x01, 0x05, 0x00};

  /** PrivateKeyInfo ::= SEQUENCE { version 0, algorithm, OCTET STRING privateKey }. */
  static byte[] pkcs8(byte[] algorithmIdentifier, byte[] privateKey) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(algorithmIdentifier);
    body.writeBytes(tlv(0x04, privateKey));
    return tlv(0x30, body.toByteArray());
  }

  /**
   * The AlgorithmIdentifier (with the curve for EC keys) of a SubjectPublicKeyInfo (RFC 5280
   * 4.1.2.7): its first element, copied whole.
   */
  static byte[] algorithmOf(byte[] subjectPublicKeyInfo) {
    int[] outer = header(subjectPublicKeyInfo, 0, 0x30);
    int start = outer[0];
    int[] inner = header(subjectPublicKeyInfo, start, 0x30);
    int end = inner[0] + inner[1];
    byte[] out = new byte[end - start];
    System.arraycopy(subjectPublicKeyInfo, start, out, 0, out.length);
    return out;
  }

  /** Returns {content offset, content length} of the element at {@code at} with {@code tag}. */
  private static int[] header(byte[] der, int at, int tag) {
    if (at + 2 > der.length || (der[at] & 0xff) != tag) {
      throw new IllegalArgumentException("unexpected DER structure");
    }
    int first = der[at + 1] & 0xff;
    int pos = at + 2;
    int length;
    if (first < 0x80) {
      length = first;
    } else {
      int n = first & 0x7f;
      if (n < 1 || n > 3 || pos + n > der.length) {
        throw new IllegalArgumentException("unexpected DER length");
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (der[pos++] & 0xff);
      }
    }
    if (pos + length > der.length) {
      throw new IllegalArgumentException("truncated DER");
    }
    return new int[] {pos, length};
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
