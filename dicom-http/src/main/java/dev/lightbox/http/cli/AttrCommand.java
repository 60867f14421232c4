package dev.lightbox.http.cli;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.json.BulkDataUris;
import dev.lightbox.dicom.json.DicomJsonWriter;
import dev.lightbox.dicom.json.SingleAttributeJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lightbox attr FILE TAGPATH}: one attribute as {@code {"tag","keyword","name","vr",
 * "Value"}}. Group 0002 attributes are found in the File Meta Information.
 */
@Command(name = "attr", mixinStandardHelpOptions = true,
    description = "Print one attribute of FILE as JSON: tag, keyword, name, vr, Value.")
final class AttrCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "DICOM file")
  Path file;

  @Parameters(index = "1", paramLabel = "TAGPATH",
      description = "00100010, (0010,0010), 0010,0010, 0x00100010, PatientName, or a sequence "
          + "path such as ReferencedImageSequence/0/ReferencedSOPInstanceUID")
  String tagPath;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return CliErrors.run(spec.commandLine().getErr(), () -> {
      TagPath path = TagPath.parse(tagPath);
      try (FileByteSource source = FileByteSource.open(file)) {
        ParseResult result = DicomReader.read(source, ReadOptions.defaults());
        Dataset root = Tag.group(path.tags()[0]) == 0x0002 ? result.fileMeta() : result.dataset();
        TagPath.Resolved found = path.resolve(root).orElseThrow(() -> new CliErrors.NotFound(
            "attribute " + path + " is not present in " + file));
        SingleAttributeJson.write(new DicomJsonWriter(source, 1024, BulkDataUris.NONE),
            found.owner(), found.element(), path.toString(), out);
        out.println();
        out.flush();
      }
      return Lightbox.EXIT_OK;
    });
  }
}
