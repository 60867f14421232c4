package dev.lightbox.dicom.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns strings and numbers into value bytes according to their VR (PS3.5 §6.2), the inverse of
 * {@link ValueDecoder}: multiple values joined by backslash (PS3.5 §6.4), padded to even length
 * with the VR's padding byte (PS3.5 §7.1.1), binary numbers in the requested byte order.
 */
public final class ValueEncoder {
  private ValueEncoder() {}

  /** Character-string values: charset-dependent VRs use {@code charset}, the others ASCII. */
  public static byte[] strings(Vr vr, SpecificCharacterSet charset, String... values) {
    if (!vr.isString()) {
      throw new IllegalArgumentException(vr + " is not a character-string VR");
    }
    if (vr.kind() == ValueKind.TEXT && values.length > 1) {
      throw new IllegalArgumentException(vr + " holds a single value (PS3.5 §6.4)");
    }
    String text = String.join("\\", values);
    byte[] raw;
    if (vr.charsetDependent()) {
      raw = charset.encode(text);
    } else {
      if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
        throw new IllegalArgumentException(vr + " values are ASCII (PS3.5 §6.1.2.3): " + text);
      }
      raw = text.getBytes(StandardCharsets.US_ASCII);
    }
    return padded(vr, raw);
  }

  /** Integer values of US, SS, UL, SL, SV or UV (bytes per value from the VR). */
  public static byte[] integers(Vr vr, boolean bigEndian, long... values) {
    int size = vr.bytesPerValue();
    if (vr.kind() != ValueKind.BINARY_NUMBER || vr == Vr.FL || vr == Vr.FD) {
      throw new IllegalArgumentException(vr + " is not a binary integer VR");
    }
    byte[] out = new byte[values.length * size];
    for (int i = 0; i < values.length; i++) {
      put(out, i * size, size, values[i], bigEndian);
    }
    return out;
  }

  /** FL or FD values (IEEE 754, PS3.5 Table 6.2-1). */
  public static byte[] floats(Vr vr, boolean bigEndian, double... values) {
    if (vr != Vr.FL && vr != Vr.FD) {
      throw new IllegalArgumentException(vr + " is not FL or FD");
    }
    int size = vr.bytesPerValue();
    byte[] out = new byte[values.length * size];
    for (int i = 0; i < values.length; i++) {
      long bits = vr == Vr.FL ? Float.floatToIntBits((float) values[i])
          : Double.doubleToLongBits(values[i]);
      put(out, i * size, size, bits, bigEndian);
    }
    return out;
  }

  /** AT values: each tag as group then element, 16 bits each (PS3.5 Table 6.2-1). */
  public static byte[] tags(boolean bigEndian, int... tags) {
    byte[] out = new byte[tags.length * 4];
    for (int i = 0; i < tags.length; i++) {
      put(out, i * 4, 2, Tag.group(tags[i]), bigEndian);
      put(out, i * 4 + 2, 2, Tag.element(tags[i]), bigEndian);
    }
    return out;
  }

  /** {@code raw} padded to even length with the VR's padding byte. */
  public static byte[] padded(Vr vr, byte[] raw) {
    if ((raw.length & 1) == 0) {
      return raw;
    }
    byte[] out = Arrays.copyOf(raw, raw.length + 1);
    out[raw.length] = vr.padding();
    return out;
  }

  private static void put(byte[] out, int at, int size, long v, boolean bigEndian) {
    for (int i = 0; i < size; i++) {
      int shift = 8 * (bigEndian ? size - 1 - i : i);
      out[at + i] = (byte) (v >>> shift);
    }
  }
}
