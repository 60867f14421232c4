package dev.lightbox.dicom.net;

/** AE title rules (PS3.5 Table 6.2-1, VR AE): 1–16 characters, no backslash or control codes. */
public final class AeTitles {
  private AeTitles() {}

  public static boolean isValid(String ae) {
    if (ae == null || ae.isBlank() || ae.length() > 16) {
      return false;
    }
    for (int i = 0; i < ae.length(); i++) {
      char c = ae.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '\\') {
        return false;
      }
    }
    return true;
  }

  public static String requireValid(String ae) {
    if (!isValid(ae)) {
      throw new IllegalArgumentException("not a valid AE title (1-16 printable ASCII characters,"
          + " no backslash): '" + ae + "'");
    }
    return ae.strip();
  }
}
