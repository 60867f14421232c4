package dev.lightbox.dicom.codec.jpeg;

import java.io.ByteArrayOutputStream;

/** Builds small JPEG streams marker by marker (ITU-T T.81 Annex B) for hand-made test cases. */
final class JpegBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static JpegBytes soi() {
    JpegBytes b = new JpegBytes();
    b.raw(0xFF, 0xD8);
    return b;
  }

  JpegBytes raw(int... bytes) {
    for (int v : bytes) {
      out.write(v);
    }
    return this;
  }

  JpegBytes segment(int marker, int... body) {
    raw(0xFF, marker, (body.length + 2) >> 8, (body.length + 2) & 0xFF);
    return raw(body);
  }

  /** DQT: 8-bit table {@code id} with every entry {@code q}. */
  JpegBytes dqt(int id, int q) {
    int[] body = new int[65];
    body[0] = id;
    java.util.Arrays.fill(body, 1, 65, q);
    return segment(0xDB, body);
  }

  /** SOFn with components {id, hv, tq} triples. */
  JpegBytes sof(int n, int precision, int width, int height, int... components) {
    int[] body = new int[6 + components.length];
    body[0] = precision;
    body[1] = height >> 8;
    body[2] = height & 0xFF;
    body[3] = width >> 8;
    body[4] = width & 0xFF;
    body[5] = components.length / 3;
    System.arraycopy(components, 0, body, 6, components.length);
    return segment(0xC0 + n, body);
  }

  /** DHT with a single one-bit code ('0') for {@code symbol}: class 0 = DC, 1 = AC. */
  JpegBytes dhtOneCode(int tableClass, int id, int symbol) {
    int[] body = new int[18];
    body[0] = tableClass << 4 | id;
    body[1] = 1;
    body[17] = symbol;
    return segment(0xC4, body);
  }

  /** SOS for the given component ids, all with tables 0/0, Ss=0 Se=63. */
  JpegBytes sos(int... ids) {
    int[] body = new int[4 + 2 * ids.length];
    body[0] = ids.length;
    for (int i = 0; i < ids.length; i++) {
      body[1 + 2 * i] = ids[i];
    }
    body[body.length - 2] = 63;
    return segment(0xDA, body);
  }

  JpegBytes eoi() {
    return raw(0xFF, 0xD9);
  }

  byte[] build() {
    return out.toByteArray();
  }
}
