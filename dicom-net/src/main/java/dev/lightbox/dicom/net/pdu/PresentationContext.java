package dev.lightbox.dicom.net.pdu;

import java.util.List;

/**
 * A proposed presentation context (PS3.8 §9.3.2.2): an odd id 1–255, one abstract syntax (SOP
 * class) and the transfer syntaxes the requestor offers, in its order of preference.
 */
public record PresentationContext(int id, String abstractSyntax, List<String> transferSyntaxes) {
  public PresentationContext {
    transferSyntaxes = List.copyOf(transferSyntaxes);
  }
}
