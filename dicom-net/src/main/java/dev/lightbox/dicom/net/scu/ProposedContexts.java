package dev.lightbox.dicom.net.scu;

import dev.lightbox.dicom.net.pdu.PresentationContext;
import java.util.ArrayList;
import java.util.List;

/** Builds the presentation contexts of an A-ASSOCIATE-RQ, numbering them 1, 3, 5, … (PS3.8 §9.3.2.2). */
public final class ProposedContexts {
  private final List<PresentationContext> contexts = new ArrayList<>();

  public ProposedContexts add(String abstractSyntax, String... transferSyntaxes) {
    return add(abstractSyntax, List.of(transferSyntaxes));
  }

  public ProposedContexts add(String abstractSyntax, List<String> transferSyntaxes) {
    if (contexts.size() == 128) {
      throw new IllegalStateException("at most 128 presentation contexts (ids 1-255, odd)");
    }
    contexts.add(new PresentationContext(2 * contexts.size() + 1, abstractSyntax,
        transferSyntaxes));
    return this;
  }

  public List<PresentationContext> build() {
    return List.copyOf(contexts);
  }
}
