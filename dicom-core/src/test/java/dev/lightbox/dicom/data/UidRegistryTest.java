package dev.lightbox.dicom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are facts of PS3.6 Table A-1, not read from the generated registry. */
class UidRegistryTest {
  private final UidRegistry registry = UidRegistry.standard();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "1.2.840.10008.1.2;Transfer Syntax;false",
      "1.2.840.10008.1.2.1;Transfer Syntax;false",
      "1.2.840.10008.1.2.2;Transfer Syntax;true",
      "1.2.840.10008.1.2.4.80;Transfer Syntax;false",
      "1.2.840.10008.1.2.4.90;Transfer Syntax;false",
      "1.2.840.10008.1.2.5;Transfer Syntax;false",
      "1.2.840.10008.1.1;SOP Class;false",
      "1.2.840.10008.5.1.4.1.1.2;SOP Class;false",
      "1.2.840.10008.5.1.4.1.1.7;SOP Class;false",
  })
  void typesAndRetirementMatchPs36(String uid, String type, boolean retired) {
    UidEntry e = registry.lookup(uid).orElseThrow();
    assertEquals(uid, e.uid());
    assertEquals(type, e.type());
    assertEquals(retired, e.retired());
    assertTrue(!e.keyword().isEmpty());
  }

  @Test
  void namesMatchPs36() {
    assertEquals("JPEG-LS Lossless Image Compression", registry.name("1.2.840.10008.1.2.4.80"));
    assertEquals("CT Image Storage", registry.name("1.2.840.10008.5.1.4.1.1.2"));
    assertEquals("Explicit VR Little Endian", registry.name("1.2.840.10008.1.2.1"));
    assertEquals("RLE Lossless", registry.name("1.2.840.10008.1.2.5"));
    assertEquals("Secondary Capture Image Storage", registry.name("1.2.840.10008.5.1.4.1.1.7"));
    assertEquals("Verification SOP Class", registry.name("1.2.840.10008.1.1"));
  }

  @Test
  void unknownUidIsEmpty() {
    assertTrue(registry.lookup("1.2.3.4").isEmpty());
    assertTrue(registry.lookup("").isEmpty());
    assertEquals("", registry.name("1.2.840.10008.999"));
  }

  @Test
  void registryIsReasonablyComplete() {
    assertTrue(registry.entries().size() > 400, "only " + registry.entries().size());
    for (UidEntry e : registry.entries()) {
      assertTrue(e.uid().matches("[0-9]+(\\.[0-9]+)*"), e.uid());
      assertTrue(!e.name().isEmpty() && !e.type().isEmpty(), e.uid());
      assertEquals(e, registry.lookup(e.uid()).orElseThrow());
    }
  }

  @Test
  void malformedLineNamesItsLine() {
    String tsv = "# comment\n1.2.3\tK\tName\tSOP Class\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UidRegistry.read(new BufferedReader(new StringReader(tsv))));
    assertEquals("uids.tsv line 2: expected 5 tab-separated fields, found 4", e.getMessage());
  }
}
