package dev.lightbox.http.tls;

import java.nio.file.Path;

/**
 * A certificate or key file that cannot serve TLS. The message is one line naming the option, the
 * file and the reason, printed as is by {@code lightbox serve} (exit 2). An {@link
 * IllegalArgumentException} so the command's existing usage-error path reports it.
 */
public final class TlsFileException extends IllegalArgumentException {
  public TlsFileException(String option, Path file, String reason) {
    super(option + " " + file + ": " + reason);
  }
}
