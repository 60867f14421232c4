package dev.lightbox.dicom.net.pdu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds PDU bytes by hand (PS3.8 §9.3), so tests can write what no writer would. */
final class PduBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PduBytes u8(int v) {
    out.write(v);
    return this;
  }

  PduBytes u16(int v) {
    out.write(v >> 8);
    out.write(v);
    return this;
  }

  PduBytes u32(long v) {
    for (int s = 24; s >= 0; s -= 8) {
      out.write((int) (v >>> s));
    }
    return this;
  }

  PduBytes bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  PduBytes ascii(String s) {
    return bytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  /** An item or sub-item: type, reserved, 16-bit length, value. */
  PduBytes item(int type, byte[] value) {
    return u8(type).u8(0).u16(value.length).bytes(value);
  }

  PduBytes item(int type, PduBytes value) {
    return item(type, value.toByteArray());
  }

  PduBytes item(int type, String value) {
    return item(type, value.getBytes(StandardCharsets.US_ASCII));
  }

  /** The fixed part of A-ASSOCIATE-RQ/AC: version 1, AE titles, reserved (PS3.8 Table 9-11). */
  PduBytes associateFixed(String called, String calling) {
    u16(1).u16(0);
    ascii(String.format("%-16s", called)).ascii(String.format("%-16s", calling));
    return bytes(new byte[32]);
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  /** A PDU: type, reserved, 32-bit length of {@code body}, body. */
  static byte[] pdu(int type, PduBytes body) {
    byte[] b = body.toByteArray();
    return new PduBytes().u8(type).u8(0).u32(b.length).bytes(b).toByteArray();
  }
}
