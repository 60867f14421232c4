package dev.lightbox.http.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code lightbox.jar}: {@code lightbox serve|dump|attr|render|dicom|import|verify}. */
@Command(
    name = "lightbox",
    mixinStandardHelpOptions = true,
    version = "lightbox 0.1.0",
    description = "A DICOM service: parse, store, query and render DICOM files.",
    subcommands = {ServeCommand.class, TokenCommand.class, DumpCommand.class, AttrCommand.class,
        RenderCommand.class, DicomCommand.class, ImportCommand.class, VerifyCommand.class,
        CommandLine.HelpCommand.class})
public final class Lightbox {

  /** Exit codes shared by every subcommand (see docs/cli.md). */
  public static final int EXIT_OK = 0;
  public static final int EXIT_NOT_FOUND = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_INVALID_DICOM = 3;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine cli = new CommandLine(new Lightbox());
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          cli.getErr().println("lightbox: " + ex.getMessage());
          return EXIT_USAGE;
        });
    return cli.execute(args);
  }
}
