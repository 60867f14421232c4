package dev.lightbox.dicom.data;

/** How the bytes of a value are interpreted; drives decoding, JSON output and padding. */
public enum ValueKind {
  /** Character string, multi-valued with backslash (PS3.5 §6.4). */
  STRING,
  /** Character string with a single value; backslash is an ordinary character (LT, ST, UT, UR). */
  TEXT,
  /** Person name: a string whose values have component groups (PS3.5 §6.2.1). */
  PERSON_NAME,
  /** Decimal or integer string that JSON renders as a number where exact (PS3.18 F.2.3). */
  NUMERIC_STRING,
  /** Fixed-size binary numbers (US, SS, UL, SL, FL, FD, SV, UV). */
  BINARY_NUMBER,
  /** Attribute tag pairs (AT). */
  TAG,
  /** Opaque binary: OB, OW, OD, OF, OL, OV, UN. */
  BULK,
  /** Sequence of items (SQ). */
  SEQUENCE
}
