package dev.lightbox.dicom.data;

import java.util.List;
import java.util.Objects;

/**
 * One row of the PS3.6 registry of data elements (PS3.6 §6, Table 6-1).
 *
 * <p>{@code tagPattern} is the registry's tag as 8 hex digits in which a lowercase {@code x} stands
 * for any digit of a repeating group or range, e.g. {@code 60xx3000} (Overlay Data, PS3.5 §7.6) or
 * {@code 002031xx}. {@code tag} is the concrete tag: the one looked up when the entry came from
 * {@link ElementDictionary#entry(int)}, else the pattern with every {@code x} read as 0.
 *
 * <p>{@code vrs} lists the VRs PS3.6 allows ("OB or OW" is {@code [OB, OW]}); it is never empty.
 * {@code vm} is the Value Multiplicity as written in PS3.6, e.g. {@code "1"}, {@code "1-n"},
 * {@code "2-2n"}.
 */
public record DictionaryEntry(
    int tag, String tagPattern, String keyword, String name, List<Vr> vrs, String vm,
    boolean retired) {

  public DictionaryEntry {
    Objects.requireNonNull(tagPattern, "tagPattern");
    Objects.requireNonNull(keyword, "keyword");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(vm, "vm");
    vrs = List.copyOf(vrs);
    if (vrs.isEmpty()) {
      throw new IllegalArgumentException("no VR for " + tagPattern);
    }
  }

  /** The first VR PS3.6 lists: the one to use when the encoding gives no VR (implicit VR). */
  public Vr vr() {
    return vrs.get(0);
  }

  /** True when {@code tagPattern} has wildcard digits, i.e. the entry covers many tags. */
  public boolean isRange() {
    return tagPattern.indexOf('x') >= 0;
  }

  /** This entry for one concrete tag matched by its pattern. */
  DictionaryEntry withTag(int concreteTag) {
    return concreteTag == tag
        ? this
        : new DictionaryEntry(concreteTag, tagPattern, keyword, name, vrs, vm, retired);
  }
}
