package dev.lightbox.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.net.pdu.PresentationContext;
import dev.lightbox.dicom.net.pdu.PresentationContextResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The acceptor's presentation-context policy (PS3.8 §7.1.1.13, PS3.4 Annex B storage classes). */
class AcceptancePolicyTest {
  private final AcceptancePolicy policy = AcceptancePolicy.standard();

  @Test
  void storageClassesComeFromPs36WithoutCommitmentOrDirectory() {
    List<String> storage = AcceptancePolicy.storageSopClasses();
    assertTrue(storage.contains("1.2.840.10008.5.1.4.1.1.2"), "CT Image Storage");
    assertTrue(storage.contains("1.2.840.10008.5.1.4.1.1.4.1"), "Enhanced MR Image Storage");
    assertTrue(storage.contains("1.2.840.10008.5.1.4.1.1.104.1"), "Encapsulated PDF Storage");
    assertTrue(storage.contains("1.2.840.10008.5.1.4.1.1.88.11"), "Basic Text SR Storage");
    assertFalse(storage.contains("1.2.840.10008.1.20.1"), "Storage Commitment Push Model");
    assertFalse(storage.contains("1.2.840.10008.1.3.10"), "Media Storage Directory Storage");
    assertTrue(storage.size() > 150, "PS3.6 lists well over 150 storage classes: "
        + storage.size());
  }

  @Test
  void firstAcceptableSyntaxInTheRequestorsOrderWins() {
    PresentationContextResult r = policy.negotiate(new PresentationContext(1,
        "1.2.840.10008.5.1.4.1.1.2", List.of("1.2.3.4.unknown", "1.2.840.10008.1.2.4.80",
            "1.2.840.10008.1.2")));
    assertEquals(new PresentationContextResult(1, 0, "1.2.840.10008.1.2.4.80"), r);
  }

  @Test
  void unknownSyntaxesAndClassesAreRejectedWithTheirReasons() {
    assertEquals(PresentationContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED,
        policy.negotiate(new PresentationContext(3, "1.2.840.10008.5.1.4.1.1.2",
            List.of("1.2.840.10008.1.2.4.100"))).result(), "MPEG2 has no decoder");
    assertEquals(PresentationContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED,
        policy.negotiate(new PresentationContext(5, "1.2.3.4",
            List.of("1.2.840.10008.1.2"))).result());
    assertEquals(PresentationContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED,
        policy.negotiate(new PresentationContext(7, Uids.STUDY_ROOT_FIND,
            List.of("1.2.840.10008.1.2.2"))).result(), "queries only in little endian");
  }
}
