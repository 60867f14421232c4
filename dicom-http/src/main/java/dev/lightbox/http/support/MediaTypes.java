package dev.lightbox.http.support;

import dev.lightbox.service.render.RenderParams.ImageFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the rendered image format from an {@code Accept} header or {@code accept=} parameter
 * (RFC 9110 §12.5.1): PNG by default and for {@code image/*} or {@code *}{@code /*}, JPEG when
 * asked for; empty when nothing acceptable is supported.
 */
public final class MediaTypes {
  public static final String SUPPORTED = "image/png, image/jpeg";

  private MediaTypes() {}

  private record Choice(String type, double q, int order) {}

  public static Optional<ImageFormat> choose(String accept) {
    if (accept == null || accept.isBlank()) {
      return Optional.of(ImageFormat.PNG);
    }
    List<Choice> choices = new ArrayList<>();
    String[] parts = accept.split(",");
    for (int i = 0; i < parts.length; i++) {
      String[] params = parts[i].split(";");
      String type = params[0].strip().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int j = 1; j < params.length; j++) {
        String p = params[j].strip();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q > 0 && !type.isEmpty()) {
        choices.add(new Choice(type, q, i));
      }
    }
    choices.sort(Comparator.comparingDouble(Choice::q).reversed().thenComparingInt(Choice::order));
    for (Choice c : choices) {
      switch (c.type()) {
        case "image/png", "image/*", "*/*" -> {
          return Optional.of(ImageFormat.PNG);
        }
        case "image/jpeg", "image/jpg" -> {
          return Optional.of(ImageFormat.JPEG);
        }
        default -> { }
      }
    }
    return Optional.empty();
  }
}
