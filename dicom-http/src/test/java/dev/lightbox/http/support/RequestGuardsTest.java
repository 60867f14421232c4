package dev.lightbox.http.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The request guards' rules in isolation (end to end: reliability.CrossOriginTest). */
class RequestGuardsTest {
  @Test
  void hostsAreIpLiteralsLocalhostOrConfiguredNames() {
    HostCheck check = new HostCheck(ex -> { }, Set.of("pacs.example"));
    for (String ok : new String[] {"127.0.0.1", "127.0.0.1:8080", "10.0.0.7:80", "[::1]",
        "[::1]:8080", "localhost", "LOCALHOST:1", "pacs.example", "PACS.Example:443",
        "pacs.example."}) {
      assertTrue(check.allowed(ok), ok);
    }
    for (String bad : new String[] {"evil.example", "127.0.0.1.evil.example", "localhost.evil",
        "pacs.example.evil", "x", ""}) {
      assertFalse(check.allowed(bad), bad);
    }
  }

  @Test
  void writesComeFromTheOwnOriginOrAConfiguredOne() {
    OriginCheck check = new OriginCheck(ex -> { }, Set.of("https://viewer.example"));
    assertTrue(check.allowed("http://127.0.0.1:8080", "127.0.0.1:8080"));
    assertTrue(check.allowed("http://localhost", "localhost:80"));
    assertTrue(check.allowed("https://viewer.example", "127.0.0.1:8080"));
    assertFalse(check.allowed("http://evil.example", "127.0.0.1:8080"));
    assertFalse(check.allowed("http://127.0.0.1:9999", "127.0.0.1:8080"));
    assertFalse(check.allowed("null", "127.0.0.1:8080"));
    assertFalse(check.allowed("http://127.0.0.1:8080", null));
  }

  @Test
  void numbersAreAsciiDigitsOnly() {
    assertEquals(0, Digits.parse("0"));
    assertEquals(7, Digits.parse("007"));
    assertEquals(999_999_999_999_999_999L, Digits.parse("999999999999999999"));
    for (String bad : new String[] {"", "+1", "-1", " 1", "1 ", "\u0661", "\uFF11", "1e3",
        "1234567890123456789"}) {
      assertThrows(NumberFormatException.class, () -> Digits.parse(bad), bad);
    }
    assertThrows(NumberFormatException.class, () -> Digits.parseInt("2147483648"));
  }
}
