package dev.lightbox.dicom.render;

/**
 * A VOI window: center, width and function (PS3.3 C.11.2.1.2). Width must be at least 1 for
 * LINEAR and positive otherwise; both values finite.
 */
public record Window(double center, double width, VoiFunction function) {
  public Window {
    if (!Double.isFinite(center) || !Double.isFinite(width)) {
      throw new IllegalArgumentException("window center and width must be finite");
    }
    if (function == VoiFunction.LINEAR ? width < 1 : width <= 0) {
      throw new IllegalArgumentException("window width " + width + " must be "
          + (function == VoiFunction.LINEAR ? ">= 1 for linear" : "> 0 for " + function));
    }
  }

  /**
   * Maps a modality value to 0..1 (C.11.2.1.2.1 for LINEAR, C.11.2.1.3.1/2 for SIGMOID and
   * LINEAR_EXACT), before scaling to the output range.
   */
  public double apply(double x) {
    switch (function) {
      case LINEAR -> {
        double lower = center - 0.5 - (width - 1) / 2;
        double upper = center - 0.5 + (width - 1) / 2;
        if (x <= lower) {
          return 0;
        }
        if (x > upper) {
          return 1;
        }
        return width <= 1 ? 1 : (x - (center - 0.5)) / (width - 1) + 0.5;
      }
      case LINEAR_EXACT -> {
        if (x <= center - width / 2) {
          return 0;
        }
        if (x > center + width / 2) {
          return 1;
        }
        return (x - center) / width + 0.5;
      }
      default -> {
        return 1 / (1 + Math.exp(-4 * (x - center) / width));
      }
    }
  }

  /** Parses {@code C,W[,linear|linear-exact|sigmoid]} as the HTTP API and CLI accept it. */
  public static Window parse(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("window must be center,width[,linear|linear-exact|"
          + "sigmoid], got '" + text + "'");
    }
    double c;
    double w;
    try {
      c = Double.parseDouble(parts[0].strip());
      w = Double.parseDouble(parts[1].strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("window center and width must be numbers, got '"
          + text + "'");
    }
    VoiFunction f = parts.length == 3 ? VoiFunction.parse(parts[2]).orElseThrow(
        () -> new IllegalArgumentException("window function must be linear, linear-exact or "
            + "sigmoid, got '" + parts[2] + "'")) : VoiFunction.LINEAR;
    return new Window(c, w, f);
  }
}
