package dev.lightbox.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  private static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }

  private static AuthFailure refused(String header) {
    return assertThrows(AuthenticationException.class, () -> Credentials.from(header)).failure();
  }

  @Test
  void bearerAndBasicPasswordCarryTheToken() throws Exception {
    assertEquals("lbx_abc", Credentials.from("Bearer lbx_abc"));
    assertEquals("lbx_abc", Credentials.from("bearer   lbx_abc"), "scheme is case-insensitive");
    assertEquals("lbx_abc", Credentials.from(basic("anyone:lbx_abc")));
    assertEquals("lbx_abc", Credentials.from(basic(":lbx_abc")), "curl -u :TOKEN");
  }

  @Test
  void absentAndUnreadableHeadersAreTold() {
    assertEquals(AuthFailure.MISSING, refused(null));
    assertEquals(AuthFailure.MISSING, refused(""));
    assertEquals(AuthFailure.MALFORMED, refused("Bearer"));
    assertEquals(AuthFailure.MALFORMED, refused("Bearer "));
    assertEquals(AuthFailure.MALFORMED, refused("Token lbx_abc"));
    assertEquals(AuthFailure.MALFORMED, refused("Basic !!!"));
    assertEquals(AuthFailure.MALFORMED, refused(basic("no-colon")));
    assertEquals(AuthFailure.MALFORMED, refused(basic("user:")));
    assertEquals(AuthFailure.MALFORMED, refused("Bearer lbx_a b"));
    assertEquals(AuthFailure.MALFORMED, refused("Bearer " + "x".repeat(20_000)));
  }
}
