package dev.lightbox.dicom.codec.jpegls;

import java.io.ByteArrayOutputStream;

/** Builds hand-made JPEG-LS codestreams marker by marker (ITU-T T.87 Annex C layouts). */
final class JlsBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  JlsBytes soi() {
    return bytes(0xFF, 0xD8);
  }

  JlsBytes eoi() {
    return bytes(0xFF, 0xD9);
  }

  /** SOF55 with 1×1 sampling for every component id 1..n. */
  JlsBytes sof55(int precision, int height, int width, int components) {
    bytes(0xFF, 0xF7);
    u16(8 + 3 * components);
    bytes(precision);
    u16(height);
    u16(width);
    bytes(components);
    for (int i = 1; i <= components; i++) {
      bytes(i, 0x11, 0);
    }
    return this;
  }

  /** SOS coding component ids {@code ids} with no mapping table. */
  JlsBytes sos(int near, int ilv, int... ids) {
    bytes(0xFF, 0xDA);
    u16(6 + 2 * ids.length);
    bytes(ids.length);
    for (int id : ids) {
      bytes(id, 0);
    }
    return bytes(near, ilv, 0);
  }

  JlsBytes lsePreset(int maxVal, int t1, int t2, int t3, int reset) {
    bytes(0xFF, 0xF8);
    u16(13);
    bytes(1);
    u16(maxVal);
    u16(t1);
    u16(t2);
    u16(t3);
    return u16(reset);
  }

  JlsBytes segment(int marker, int... payload) {
    bytes(0xFF, marker);
    u16(payload.length + 2);
    return bytes(payload);
  }

  JlsBytes u16(int v) {
    return bytes(v >> 8 & 0xFF, v & 0xFF);
  }

  JlsBytes bytes(int... values) {
    for (int v : values) {
      out.write(v);
    }
    return this;
  }

  JlsBytes bytes(byte[] values) {
    out.writeBytes(values);
    return this;
  }

  byte[] build() {
    return out.toByteArray();
  }
}
