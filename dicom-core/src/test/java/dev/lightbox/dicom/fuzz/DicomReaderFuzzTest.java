package dev.lightbox.dicom.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Sequence;
import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.io.Strictness;
import dev.lightbox.dicom.json.BulkDataUris;
import dev.lightbox.dicom.json.DicomJsonWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Fuzz target for the reader: any byte string is either a dataset (which must then write as DICOM
 * JSON and answer every accessor) or one {@link DicomParseException} naming an offset. Anything
 * else (unchecked exception, error, hang) is a finding. Regression inputs live in
 * {@code DicomReaderFuzzTestInputs/} next to this class's package in test resources.
 */
class DicomReaderFuzzTest {
  private static final List<ReadOptions> OPTIONS = List.of(
      ReadOptions.defaults().withStrictness(Strictness.STRICT),
      ReadOptions.defaults().withBulkThreshold(32),
      ReadOptions.headerOnly().withMaxValueLength(1 << 20).withDeflateLimits(16 << 20, 100));

  @FuzzTest(maxDuration = "3m")
  void readOrRefuse(byte[] input) throws IOException {
    for (ReadOptions options : OPTIONS) {
      try {
        ParseResult r = DicomReader.read(input, options);
        new DicomJsonWriter(new ArrayByteSource(input), 64, BulkDataUris.NONE)
            .toJson(r.dataset());
        touch(r.dataset(), 0);
      } catch (DicomParseException expected) {
        if (!expected.getMessage().contains("@ offset " + expected.offset())) {
          throw new AssertionError("message lacks the offset: " + expected.getMessage());
        }
      }
      try {
        ParseResult s = DicomReader.read(new ByteArrayInputStream(input), options);
        new DicomJsonWriter(null, 64, BulkDataUris.NONE).toJson(s.dataset());
      } catch (DicomParseException expected) {
        // same contract as above
      }
    }
  }

  /** Every typed accessor must answer (possibly empty) for every element, never throw. */
  private static void touch(Dataset ds, int depth) {
    for (Element e : ds) {
      ds.strings(e.tag());
      ds.longs(e.tag());
      ds.doubles(e.tag());
      ds.date(e.tag());
      ds.personName(e.tag());
      if (e.value() instanceof Sequence seq && depth < 8) {
        for (Dataset item : seq.items()) {
          touch(item, depth + 1);
        }
      }
    }
  }
}
