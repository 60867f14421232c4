package dev.lightbox.dicom.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns raw value bytes into strings and numbers according to their VR (PS3.5 §6.2). */
public final class ValueDecoder {
  private ValueDecoder() {}

  /**
   * String values of a value. Character-string VRs are decoded with {@code charset} (when the VR
   * depends on it), split on backslash unless the VR is single-valued text, and stripped of the
   * padding and insignificant spaces of PS3.5 Table 6.2-1. Binary VRs give the decimal (or AT hex)
   * form of each number.
   */
  public static List<String> strings(Vr vr, byte[] raw, SpecificCharacterSet charset,
      boolean bigEndian) {
    if (raw.length == 0) {
      return List.of();
    }
    switch (vr.kind()) {
      case STRING, PERSON_NAME, NUMERIC_STRING, TEXT -> {
        String text = vr.charsetDependent()
            ? charset.decode(raw, vr == Vr.PN)
            : new String(raw, StandardCharsets.ISO_8859_1);
        if (vr.kind() == ValueKind.TEXT) {
          return List.of(trimTrailing(text));
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
          if (i == text.length() || text.charAt(i) == '\\') {
            out.add(trimBoth(text.substring(start, i)));
            start = i + 1;
          }
        }
        return out;
      }
      case BINARY_NUMBER -> {
        List<String> out = new ArrayList<>();
        if (vr == Vr.FL || vr == Vr.FD) {
          for (double d : doubles(vr, raw, charset, bigEndian)) {
            out.add(vr == Vr.FL ? Float.toString((float) d) : Double.toString(d));
          }
        } else if (vr == Vr.UV) {
          int n = raw.length / 8;
          for (int i = 0; i < n; i++) {
            out.add(Long.toUnsignedString(readLong(raw, i * 8, bigEndian)));
          }
        } else {
          for (long l : longs(vr, raw, charset, bigEndian)) {
            out.add(Long.toString(l));
          }
        }
        return out;
      }
      case TAG -> {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 4 <= raw.length; i += 4) {
          int group = readUnsignedShort(raw, i, bigEndian);
          int element = readUnsignedShort(raw, i + 2, bigEndian);
          out.add(Tag.toHex((group << 16) | element));
        }
        return out;
      }
      default -> {
        return List.of();
      }
    }
  }

  private static String trimTrailing(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
      end--;
    }
    return s.substring(0, end);
  }

  private static String trimBoth(String s) {
    int start = 0;
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
      end--;
    }
    while (start < end && s.charAt(start) == ' ') {
      start++;
    }
    return s.substring(start, end);
  }

  /** Integer values; unparsable IS values and non-integral VRs are skipped. */
  public static long[] longs(Vr vr, byte[] raw, SpecificCharacterSet charset, boolean bigEndian) {
    int size = vr.bytesPerValue();
    if (vr.kind() == ValueKind.BINARY_NUMBER && vr != Vr.FL && vr != Vr.FD) {
      int n = raw.length / size;
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        int at = i * size;
        out[i] = switch (vr) {
          case US -> readUnsignedShort(raw, at, bigEndian);
          case SS -> (short) readUnsignedShort(raw, at, bigEndian);
          case UL -> readInt(raw, at, bigEndian) & 0xFFFFFFFFL;
          case SL -> readInt(raw, at, bigEndian);
          default -> readLong(raw, at, bigEndian);
        };
      }
      return out;
    }
    if (vr == Vr.IS || vr == Vr.DS) {
      List<String> strs = strings(vr, raw, charset, bigEndian);
      long[] out = new long[strs.size()];
      int n = 0;
      for (String s : strs) {
        try {
          out[n] = vr == Vr.IS ? Long.parseLong(s.startsWith("+") ? s.substring(1) : s)
              : (long) Double.parseDouble(s);
          n++;
        } catch (NumberFormatException e) {
          // not a number: skipped, the caller sees fewer values
        }
      }
      return java.util.Arrays.copyOf(out, n);
    }
    return new long[0];
  }

  /** Numeric values; an unparsable DS/IS value becomes NaN so indices stay aligned. */
  public static double[] doubles(Vr vr, byte[] raw, SpecificCharacterSet charset,
      boolean bigEndian) {
    if (vr == Vr.FL || vr == Vr.FD || vr == Vr.OF || vr == Vr.OD) {
      int size = vr.bytesPerValue();
      int n = raw.length / size;
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = size == 4 ? Float.intBitsToFloat(readInt(raw, i * size, bigEndian))
            : Double.longBitsToDouble(readLong(raw, i * size, bigEndian));
      }
      return out;
    }
    if (vr == Vr.DS || vr == Vr.IS) {
      List<String> strs = strings(vr, raw, charset, bigEndian);
      double[] out = new double[strs.size()];
      for (int i = 0; i < out.length; i++) {
        try {
          out[i] = Double.parseDouble(strs.get(i));
        } catch (NumberFormatException e) {
          out[i] = Double.NaN;
        }
      }
      return out;
    }
    long[] ls = longs(vr, raw, charset, bigEndian);
    double[] out = new double[ls.length];
    for (int i = 0; i < ls.length; i++) {
      out[i] = ls[i];
    }
    return out;
  }

  public static int readUnsignedShort(byte[] b, int at, boolean bigEndian) {
    return bigEndian ? ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF)
        : (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8);
  }

  public static int readInt(byte[] b, int at, boolean bigEndian) {
    return bigEndian
        ? ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8)
            | (b[at + 3] & 0xFF)
        : (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8) | ((b[at + 2] & 0xFF) << 16)
            | ((b[at + 3] & 0xFF) << 24);
  }

  public static long readLong(byte[] b, int at, boolean bigEndian) {
    long hi = readInt(b, at, bigEndian) & 0xFFFFFFFFL;
    long lo = readInt(b, at + 4, bigEndian) & 0xFFFFFFFFL;
    return bigEndian ? (hi << 32) | lo : (lo << 32) | hi;
  }

  /** The value bytes in little-endian order (a copy when swapping is needed). */
  public static byte[] toLittleEndian(Vr vr, byte[] raw, boolean bigEndian) {
    int size = vr == Vr.AT ? 2 : vr.bytesPerValue();
    if (!bigEndian || size <= 1) {
      return raw;
    }
    byte[] out = raw.clone();
    int n = out.length - out.length % size;
    for (int i = 0; i < n; i += size) {
      for (int a = i, z = i + size - 1; a < z; a++, z--) {
        byte t = out[a];
        out[a] = out[z];
        out[z] = t;
      }
    }
    return out;
  }
}
