package dev.lightbox.dicom.data;

import java.util.Optional;

/**
 * Value Representations of PS3.5 Table 6.2-1, each carrying the encoding facts a reader or writer
 * needs so that no code switches on VR strings.
 *
 * <p>{@code longHeader} is true for the VRs whose explicit-VR element header is 12 bytes (two
 * reserved bytes and a 32-bit length, PS3.5 §7.1.2); the others use 8 bytes with a 16-bit length.
 */
public enum Vr {
  AE(false, ' ', ValueKind.STRING, 0, false),
  AS(false, ' ', ValueKind.STRING, 0, false),
  AT(false, 0, ValueKind.TAG, 4, false),
  CS(false, ' ', ValueKind.STRING, 0, false),
  DA(false, ' ', ValueKind.STRING, 0, false),
  DS(false, ' ', ValueKind.NUMERIC_STRING, 0, false),
  DT(false, ' ', ValueKind.STRING, 0, false),
  FD(false, 0, ValueKind.BINARY_NUMBER, 8, false),
  FL(false, 0, ValueKind.BINARY_NUMBER, 4, false),
  IS(false, ' ', ValueKind.NUMERIC_STRING, 0, false),
  LO(false, ' ', ValueKind.STRING, 0, true),
  LT(false, ' ', ValueKind.TEXT, 0, true),
  OB(true, 0, ValueKind.BULK, 1, false),
  OD(true, 0, ValueKind.BULK, 8, false),
  OF(true, 0, ValueKind.BULK, 4, false),
  OL(true, 0, ValueKind.BULK, 4, false),
  OV(true, 0, ValueKind.BULK, 8, false),
  OW(true, 0, ValueKind.BULK, 2, false),
  PN(false, ' ', ValueKind.PERSON_NAME, 0, true),
  SH(false, ' ', ValueKind.STRING, 0, true),
  SL(false, 0, ValueKind.BINARY_NUMBER, 4, false),
  SQ(true, 0, ValueKind.SEQUENCE, 0, false),
  SS(false, 0, ValueKind.BINARY_NUMBER, 2, false),
  ST(false, ' ', ValueKind.TEXT, 0, true),
  SV(true, 0, ValueKind.BINARY_NUMBER, 8, false),
  TM(false, ' ', ValueKind.STRING, 0, false),
  UC(true, ' ', ValueKind.STRING, 0, true),
  UI(false, 0, ValueKind.STRING, 0, false),
  UL(false, 0, ValueKind.BINARY_NUMBER, 4, false),
  UN(true, 0, ValueKind.BULK, 1, false),
  UR(true, ' ', ValueKind.TEXT, 0, false),
  US(false, 0, ValueKind.BINARY_NUMBER, 2, false),
  UT(true, ' ', ValueKind.TEXT, 0, true),
  UV(true, 0, ValueKind.BINARY_NUMBER, 8, false);

  private final boolean longHeader;
  private final byte padding;
  private final ValueKind kind;
  private final int bytesPerValue;
  private final boolean charsetDependent;
  private final int code;

  Vr(boolean longHeader, int padding, ValueKind kind, int bytesPerValue, boolean charsetDependent) {
    this.longHeader = longHeader;
    this.padding = (byte) padding;
    this.kind = kind;
    this.bytesPerValue = bytesPerValue;
    this.charsetDependent = charsetDependent;
    this.code = (name().charAt(0) << 8) | name().charAt(1);
  }

  /** True when the explicit-VR header is 12 bytes with a 32-bit length (PS3.5 §7.1.2). */
  public boolean longHeader() {
    return longHeader;
  }

  /** Byte used to pad values to even length: space for text, NUL for UI and binary (PS3.5 §6.2). */
  public byte padding() {
    return padding;
  }

  public ValueKind kind() {
    return kind;
  }

  /** Size of one binary value in bytes; 0 for character strings and sequences. */
  public int bytesPerValue() {
    return bytesPerValue;
  }

  /** True when the value is decoded with the dataset's Specific Character Set (PS3.5 §6.1.2.3). */
  public boolean charsetDependent() {
    return charsetDependent;
  }

  /** True for character-string VRs (including numeric strings, PN and text). */
  public boolean isString() {
    return switch (kind) {
      case STRING, TEXT, PERSON_NAME, NUMERIC_STRING -> true;
      default -> false;
    };
  }

  /** The two ASCII characters packed into an int, as read from an explicit-VR header. */
  public int code() {
    return code;
  }

  private static final Vr[] BY_CODE = new Vr[0x10000];

  static {
    for (Vr vr : values()) {
      BY_CODE[vr.code] = vr;
    }
  }

  /** The VR whose two header bytes are {@code b0 b1}, or empty when they name no VR. */
  public static Optional<Vr> fromBytes(int b0, int b1) {
    return Optional.ofNullable(BY_CODE[((b0 & 0xFF) << 8) | (b1 & 0xFF)]);
  }

  /** The VR of a two-letter code such as {@code "PN"}, or empty. */
  public static Optional<Vr> fromCode(String code) {
    if (code == null || code.length() != 2) {
      return Optional.empty();
    }
    return fromBytes(code.charAt(0), code.charAt(1));
  }
}
