package dev.lightbox.service.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a credential may do (docs/security.md). Scopes do not imply each other: a token that may
 * upload but not read is possible (a modality pushing images), as is one that may only delete.
 */
public enum Scope {
  /** Every GET and HEAD of stored data: listings, QIDO, WADO, rendered images, files. */
  READ,
  /** Uploads (POST /instances, STOW-RS) and sending to DICOM peers. */
  WRITE,
  /** Deleting instances. */
  DELETE,
  /** Operations: metrics and token management. */
  ADMIN;

  /** The lowercase name used on the command line, in tokens and in answers. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a comma list such as {@code read,write}; unknown or empty names are refused. */
  public static Set<Scope> parseList(String list) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String part : list.split(",", -1)) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      Scope scope = switch (name) {
        case "read" -> READ;
        case "write" -> WRITE;
        case "delete" -> DELETE;
        case "admin" -> ADMIN;
        default -> throw new IllegalArgumentException("unknown scope '" + part.strip()
            + "': use read, write, delete or admin");
      };
      scopes.add(scope);
    }
    return scopes;
  }

  /** The comma list of {@code scopes} in declaration order, e.g. {@code read,write}. */
  public static String format(Set<Scope> scopes) {
    return scopes.stream().sorted().map(Scope::label).collect(Collectors.joining(","));
  }
}
