package dev.lightbox.storage.index;

/**
 * How an indexed attribute is stored and matched (PS3.4 C.2.2.2): the VR family decides which
 * matching types a key accepts.
 */
public enum ValueKind {
  /** UI: single value or UID list matching (C.2.2.2.2). */
  UID,
  /** Short strings (LO, SH, CS): single value and wildcard matching (C.2.2.2.1, C.2.2.2.4). */
  STRING,
  /**
   * PN, stored as the full {@code Alphabetic=Ideographic=Phonetic} string: single value and
   * wildcard matching, case-insensitive when the query asks for fuzzy person names.
   */
  PERSON_NAME,
  /** DA, YYYYMMDD: single value and range matching (C.2.2.2.5). */
  DATE,
  /** TM, HH[MM[SS[.F{1,6}]]]: single value and range matching, compared as full-precision keys. */
  TIME,
  /** DT, YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]: single value and range matching (offset ignored). */
  DATETIME,
  /** IS, US, and the computed counts: exact single value matching. */
  INTEGER
}
