package dev.lightbox.dicom.render;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Sequence;
import java.util.Optional;

/**
 * Rendering attributes for one frame. Enhanced multi-frame objects carry them in functional groups
 * (PS3.3 C.7.6.16): the frame's item of the Per-Frame Functional Groups Sequence (5200,9230) wins
 * over the Shared Functional Groups Sequence (5200,9229), which wins over top-level attributes.
 */
final class FrameParameters {
  static final int SHARED_GROUPS = 0x52009229;
  static final int PER_FRAME_GROUPS = 0x52009230;
  static final int PIXEL_VALUE_TRANSFORMATION = 0x00289145;
  static final int FRAME_VOI_LUT = 0x00289132;
  static final int RESCALE_INTERCEPT = 0x00281052;
  static final int RESCALE_SLOPE = 0x00281053;
  static final int WINDOW_CENTER = 0x00281050;
  static final int WINDOW_WIDTH = 0x00281051;
  static final int VOI_LUT_FUNCTION = 0x00281056;

  private final Dataset top;
  private final Dataset perFrame;
  private final Dataset shared;

  FrameParameters(Dataset top, int frame) {
    this.top = top;
    this.perFrame = item(top, PER_FRAME_GROUPS, frame);
    this.shared = item(top, SHARED_GROUPS, 0);
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
    return macro(PIXEL_VALUE_TRANSFORMATION, RESCALE_SLOPE)
        .map(d -> d.decimal(RESCALE_SLOPE).orElse(1)).orElse(1.0);
  }

  double rescaleIntercept() {
    return macro(PIXEL_VALUE_TRANSFORMATION, RESCALE_INTERCEPT)
        .map(d -> d.decimal(RESCALE_INTERCEPT).orElse(0)).orElse(0.0);
  }

  /** The first window of the frame, if a valid one is present. */
  Optional<Window> window() {
    Optional<Dataset> holder = macro(FRAME_VOI_LUT, WINDOW_CENTER);
    if (holder.isEmpty()) {
      return Optional.empty();
    }
    Dataset d = holder.get();
    double[] c = d.doubles(WINDOW_CENTER);
    double[] w = d.doubles(WINDOW_WIDTH);
    if (c.length == 0 || w.length == 0) {
      return Optional.empty();
    }
    VoiFunction f = d.string(VOI_LUT_FUNCTION).flatMap(VoiFunction::parse)
        .orElse(VoiFunction.LINEAR);
    try {
      return Optional.of(new Window(c[0], w[0], f));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // an invalid stored window is ignored, as viewers do
    }
  }
}
