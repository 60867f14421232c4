package dev.lightbox.dicom.data;

import java.util.Objects;

/**
 * One UID of the PS3.6 registry of DICOM unique identifiers (PS3.6 Annex A, Table A-1).
 *
 * <p>{@code type} is PS3.6's UID type, e.g. {@code "Transfer Syntax"}, {@code "SOP Class"}, {@code
 * "Well-known frame of reference"}. {@code keyword} is derived from the name in PS3.6 keyword style
 * by the generator; it is an identifier, not a normative copy of Table A-1's keyword column (see
 * {@code docs/dictionary.md}).
 */
public record UidEntry(String uid, String keyword, String name, String type, boolean retired) {
  public UidEntry {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(keyword, "keyword");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
