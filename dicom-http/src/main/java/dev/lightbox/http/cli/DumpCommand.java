package dev.lightbox.http.cli;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Fragments;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.io.Strictness;
import dev.lightbox.dicom.json.BulkDataUris;
import dev.lightbox.dicom.json.DicomJsonWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lightbox dump FILE}: the dataset as DICOM JSON (PS3.18 Annex F), without group 0002. */
@Command(name = "dump", mixinStandardHelpOptions = true,
    description = "Print the dataset of FILE as DICOM JSON (File Meta Information excluded).")
final class DumpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "DICOM file (Part 10 or bare dataset)")
  Path file;

  @Option(names = "--inline-threshold", paramLabel = "BYTES", defaultValue = "1024",
      description = "Binary values up to this size are inlined (default ${DEFAULT-VALUE}); "
          + "larger ones become BulkDataURIs pointing into FILE.")
  int inlineThreshold;

  @Option(names = "--strict", description = "Refuse files with defects the lenient reader repairs.")
  boolean strict;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return CliErrors.run(spec.commandLine().getErr(), () -> {
      ReadOptions options = ReadOptions.defaults()
          .withStrictness(strict ? Strictness.STRICT : Strictness.LENIENT)
          .withBulkThreshold(Math.max(0, inlineThreshold));
      try (FileByteSource source = FileByteSource.open(file)) {
        ParseResult result = DicomReader.read(source, options);
        String fileUri = file.toAbsolutePath().normalize().toUri().toString();
        BulkDataUris uris = (path, element) -> {
          if (element.value() instanceof BulkDataRef ref) {
            return Optional.of(fileUri + "#offset=" + ref.offset() + "&length=" + ref.length());
          }
          if (element.value() instanceof Fragments) {
            return Optional.of(fileUri + "#tag=" + path);
          }
          return Optional.empty();
        };
        new DicomJsonWriter(source, inlineThreshold, uris)
            .write(result.dataset().filter(tag -> (tag >>> 16) != 0x0002), out);
        out.println();
        out.flush();
      }
      return Lightbox.EXIT_OK;
    });
  }
}
