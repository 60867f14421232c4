package dev.lightbox.dicom.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lightbox.dicom.data.InvalidTagPathException;
import dev.lightbox.dicom.data.TagPath;

/**
 * Fuzz target for tag paths: any text either parses to a path whose canonical form parses back to
 * the same path, or is refused with {@link InvalidTagPathException} listing the accepted forms.
 */
class TagPathFuzzTest {

  @FuzzTest(maxDuration = "1m")
  void parseOrRefuse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      TagPath path = TagPath.parse(text);
      TagPath again = TagPath.parse(path.toString());
      if (!again.equals(path)) {
        throw new AssertionError("canonical form " + path + " reparses as " + again);
      }
    } catch (InvalidTagPathException expected) {
      if (!expected.getMessage().contains(InvalidTagPathException.ACCEPTED_FORMS)) {
        throw new AssertionError("message lacks the accepted forms: " + expected.getMessage());
      }
    }
  }
}
