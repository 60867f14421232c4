package dev.lightbox.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Formats of PS3.5 Table 6.2-1 and the full-precision keys that make partial TM/DT comparable. */
class ValueFormatsTest {

  @Test
  void partialTimesBecomeTheirFirstOrLastInstant() {
    assertEquals("140000.000000", ValueFormats.key(ValueKind.TIME, "14", false));
    assertEquals("145959.999999", ValueFormats.key(ValueKind.TIME, "14", true));
    assertEquals("093000.000000", ValueFormats.key(ValueKind.TIME, "0930", false));
    assertEquals("093059.999999", ValueFormats.key(ValueKind.TIME, "0930", true));
    assertEquals("093000.500000", ValueFormats.key(ValueKind.TIME, "093000.5", false));
    assertEquals("093000.599999", ValueFormats.key(ValueKind.TIME, "093000.5", true));
    assertEquals("235959.123456", ValueFormats.key(ValueKind.TIME, "235959.123456", true));
  }

  @Test
  void partialDateTimesBecomeTheirFirstOrLastInstantAndDropTheOffset() {
    assertEquals("20200101000000.000000", ValueFormats.key(ValueKind.DATETIME, "2020", false));
    assertEquals("20201231235959.999999", ValueFormats.key(ValueKind.DATETIME, "2020", true));
    assertEquals("20200331235959.999999", ValueFormats.key(ValueKind.DATETIME, "202003", true));
    assertEquals("20200115093000.000000", ValueFormats.key(ValueKind.DATETIME, "20200115093000-0500", false));
    assertEquals("20200115093000.250000", ValueFormats.key(ValueKind.DATETIME, "20200115093000.25+0100", false));
  }

  @Test
  void storedValueFormats() {
    assertNull(ValueFormats.problem(ValueKind.DATE, "20240119"));
    assertEquals("is not a date YYYYMMDD (PS3.5 Table 6.2-1 DA)", ValueFormats.problem(ValueKind.DATE, "2024119"));
    assertNull(ValueFormats.problem(ValueKind.TIME, "0930"));
    assertEquals("is not a time HH[MM[SS[.FFFFFF]]] (PS3.5 Table 6.2-1 TM)",
        ValueFormats.problem(ValueKind.TIME, "09:30"));
    assertEquals("is not a time HH[MM[SS[.FFFFFF]]] (PS3.5 Table 6.2-1 TM)",
        ValueFormats.problem(ValueKind.TIME, "093000.1234567"));
    assertNull(ValueFormats.problem(ValueKind.DATETIME, "20200115093000.25+0100"));
    assertNull(ValueFormats.problem(ValueKind.UID, "1.2.3\\1.2.4"));
    assertEquals("is not a UID (1-64 digits and dots, PS3.5 §9.1)", ValueFormats.problem(ValueKind.UID, "1.2.a"));
    assertNull(ValueFormats.problem(ValueKind.INTEGER, "-2147483648"));
    assertEquals("is not an integer in -2^31..2^31-1 (PS3.5 Table 6.2-1 IS)",
        ValueFormats.problem(ValueKind.INTEGER, "2147483648"));
  }

  @Test
  void wildcardsBecomeLikePatternsWithSqlWildcardsEscaped() {
    assertEquals("Doe!_%", QuerySql.like("Doe_*"));
    assertEquals("50!%_", QuerySql.like("50%?"));
    assertEquals("a!!b", QuerySql.like("a!b"));
    assertEquals("\\%", QuerySql.like("\\*"));
  }
}
