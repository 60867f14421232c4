package dev.lightbox.dicom.net;

import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.data.UidEntry;
import dev.lightbox.dicom.data.UidRegistry;
import dev.lightbox.dicom.net.pdu.PresentationContext;
import dev.lightbox.dicom.net.pdu.PresentationContextResult;
import dev.lightbox.dicom.pixel.PixelDecoders;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which abstract syntaxes an acceptor supports, and in which transfer syntaxes (PS3.8 §7.1.1.13).
 * For each proposed context the first transfer syntax in the requestor's order that this policy
 * accepts is chosen. Immutable.
 */
public final class AcceptancePolicy {
  private final Map<String, Set<String>> syntaxes;

  private AcceptancePolicy(Map<String, Set<String>> syntaxes) {
    this.syntaxes = syntaxes;
  }

  /**
   * Verification, every storage SOP class of PS3.6 in every transfer syntax dicom-core reads, and
   * the Patient Root and Study Root Query/Retrieve models (FIND, MOVE, GET) in the two little
   * endian syntaxes.
   */
  public static AcceptancePolicy standard() {
    Builder b = builder();
    List<String> le = List.of(Uids.EXPLICIT_VR_LITTLE_ENDIAN, Uids.IMPLICIT_VR_LITTLE_ENDIAN);
    b.accept(Uids.VERIFICATION, le);
    List<String> storageSyntaxes = decodableTransferSyntaxes();
    for (String sopClass : storageSopClasses()) {
      b.accept(sopClass, storageSyntaxes);
    }
    for (String model : List.of(Uids.PATIENT_ROOT_FIND, Uids.PATIENT_ROOT_MOVE,
        Uids.PATIENT_ROOT_GET, Uids.STUDY_ROOT_FIND, Uids.STUDY_ROOT_MOVE, Uids.STUDY_ROOT_GET)) {
      b.accept(model, le);
    }
    return b.build();
  }

  /**
   * The storage SOP classes of PS3.6 Table A-1 (PS3.4 Annex B), current and retired: SOP classes
   * named "... Storage" (or "Storage - For Presentation/Processing", "Storage SOP Class"), except
   * Storage Commitment and the Media Storage Directory, which is not sent over the network.
   */
  public static List<String> storageSopClasses() {
    return UidRegistry.standard().entries().stream()
        .filter(e -> e.type().equals("SOP Class"))
        .filter(AcceptancePolicy::isStorage)
        .map(UidEntry::uid)
        .toList();
  }

  private static boolean isStorage(UidEntry e) {
    String name = e.name();
    return name.contains("Storage") && !name.contains("Storage Commitment")
        && !e.uid().equals("1.2.840.10008.1.3.10");
  }

  /**
   * The transfer syntaxes dicom-core reads ({@link PixelDecoders#decodableSyntaxes()}, from its one
   * transfer-syntax registry): native encodings and every compressed syntax with a decoder.
   * Retired syntaxes are left out except Explicit VR Big Endian, which old modalities still send.
   * Explicit and implicit VR little endian come first.
   */
  public static List<String> decodableTransferSyntaxes() {
    Set<String> uids = new LinkedHashSet<>(List.of(Uids.EXPLICIT_VR_LITTLE_ENDIAN,
        Uids.IMPLICIT_VR_LITTLE_ENDIAN));
    for (TransferSyntax ts : PixelDecoders.decodableSyntaxes()) {
      if (!ts.retired() || ts.equals(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)) {
        uids.add(ts.uid());
      }
    }
    return List.copyOf(uids);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The acceptor's result for one proposed context. */
  public PresentationContextResult negotiate(PresentationContext proposed) {
    Set<String> accepted = syntaxes.get(proposed.abstractSyntax());
    String first = proposed.transferSyntaxes().get(0);
    if (accepted == null) {
      return new PresentationContextResult(proposed.id(),
          PresentationContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED, first);
    }
    for (String ts : proposed.transferSyntaxes()) {
      if (accepted.contains(ts)) {
        return new PresentationContextResult(proposed.id(), PresentationContextResult.ACCEPTANCE,
            ts);
      }
    }
    return new PresentationContextResult(proposed.id(),
        PresentationContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED, first);
  }

  public boolean supports(String abstractSyntax) {
    return syntaxes.containsKey(abstractSyntax);
  }

  /** Abstract syntax to accepted transfer syntaxes, in insertion order. */
  public Map<String, Set<String>> syntaxes() {
    return syntaxes;
  }

  public static final class Builder {
    private final Map<String, Set<String>> syntaxes = new LinkedHashMap<>();

    private Builder() {}

    public Builder accept(String abstractSyntax, Collection<String> transferSyntaxes) {
      syntaxes.computeIfAbsent(abstractSyntax, k -> new LinkedHashSet<>())
          .addAll(transferSyntaxes);
      return this;
    }

    public AcceptancePolicy build() {
      Map<String, Set<String>> copy = new LinkedHashMap<>();
      syntaxes.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
      return new AcceptancePolicy(java.util.Collections.unmodifiableMap(copy));
    }
  }
}
