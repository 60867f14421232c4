package dev.lightbox.http.cli;

import dev.lightbox.dicom.data.InvalidTagPathException;
import dev.lightbox.dicom.io.DicomParseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

/**
 * Runs a subcommand body and maps its failures to one line on stderr and the exit codes of
 * docs/cli.md, so no command ever prints a stack trace.
 */
final class CliErrors {
  private CliErrors() {}

  /** Thrown by a command for "not found" outcomes (absent attribute, no pixel data): exit 1. */
  static final class NotFound extends Exception {
    NotFound(String message) {
      super(message);
    }
  }

  static int run(PrintWriter err, Callable<Integer> body) {
    try {
      return body.call();
    } catch (NotFound e) {
      err.println("lightbox: " + e.getMessage());
      return Lightbox.EXIT_NOT_FOUND;
    } catch (InvalidTagPathException e) {
      err.println("lightbox: " + e.getMessage());
      return Lightbox.EXIT_USAGE;
    } catch (DicomParseException e) {
      err.println("lightbox: invalid DICOM: " + e.getMessage());
      return Lightbox.EXIT_INVALID_DICOM;
    } catch (NoSuchFileException e) {
      err.println("lightbox: no such file: " + e.getMessage());
      return Lightbox.EXIT_USAGE;
    } catch (IOException e) {
      err.println("lightbox: " + e.getMessage());
      return Lightbox.EXIT_INVALID_DICOM;
    } catch (Exception e) {
      err.println("lightbox: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return Lightbox.EXIT_INVALID_DICOM;
    } catch (OutOfMemoryError e) {
      // The input needs more memory than this JVM has (the decoders bound what a file may ask
      // for, but a legitimately large image can still exceed a small -Xmx). Uncaught, picocli
      // printed a stack trace and exited 1, which means "not found" (docs/cli.md).
      err.println("lightbox: out of memory (" + e.getMessage() + "): the file needs more than "
          + "the " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap; raise -Xmx");
      return Lightbox.EXIT_INVALID_DICOM;
    } finally {
      err.flush();
    }
  }
}
