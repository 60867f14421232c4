package dev.lightbox.dicom.render;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.Sequence;
import java.util.Optional;

/**
 * Rendering attributes for one frame. Enhanced multi-frame objects carry them in functional groups
 * (PS3.3 C.7.6.16): the frame's item of the Per-Frame Functional Groups Sequence (5200,9230) wins
 * over the Shared Functional Groups Sequence (5200,9229), which wins over top-level attributes.
 */
final class FrameParameters {

  private final Dataset top;
  private final Dataset perFrame;
  private final Dataset shared;

  FrameParameters(Dataset top, int frame) {
    this.top = top;
    this.perFrame = item(top, Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE, frame);
    this.shared = item(top, Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE, 0);
  }

  private static Dataset item(Dataset ds, int tag, int index) {
    Optional<Sequence> seq = ds.sequence(tag);
    return seq.isPresent() && index < seq.get().size() ? seq.get().item(index) : null;
  }

  /** The dataset holding {@code attribute} inside macro {@code macroSeq}, searched in order. */
  private Optional<Dataset> macro(int macroSeq, int attribute) {
    for (Dataset group : new Dataset[] {perFrame, shared}) {
      if (group == null) {
        continue;
      }
      Optional<Sequence> seq = group.sequence(macroSeq);
      if (seq.isPresent() && seq.get().size() > 0 && seq.get().item(0).contains(attribute)) {
        return Optional.of(seq.get().item(0));
      }
    }
    return top.contains(attribute) ? Optional.of(top) : Optional.empty();
  }

  double rescaleSlope() {
    return macro(Tag.PIXEL_VALUE_TRANSFORMATION_SEQUENCE, Tag.RESCALE_SLOPE)
        .map(d -> d.decimal(Tag.RESCALE_SLOPE).orElse(1)).orElse(1.0);
  }

  double rescaleIntercept() {
    return macro(Tag.PIXEL_VALUE_TRANSFORMATION_SEQUENCE, Tag.RESCALE_INTERCEPT)
        .map(d -> d.decimal(Tag.RESCALE_INTERCEPT).orElse(0)).orElse(0.0);
  }

  /** The first window of the frame, if a valid one is present. */
  Optional<Window> window() {
    Optional<Dataset> holder = macro(Tag.FRAME_VOI_LUT_SEQUENCE, Tag.WINDOW_CENTER);
    if (holder.isEmpty()) {
      return Optional.empty();
    }
    Dataset d = holder.get();
    double[] c = d.doubles(Tag.WINDOW_CENTER);
    double[] w = d.doubles(Tag.WINDOW_WIDTH);
    if (c.length == 0 || w.length == 0) {
      return Optional.empty();
    }
    VoiFunction f = d.string(Tag.VOI_LUT_FUNCTION).flatMap(VoiFunction::parse)
        .orElse(VoiFunction.LINEAR);
    try {
      return Optional.of(new Window(c[0], w[0], f));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // an invalid stored window is ignored, as viewers do
    }
  }
}
