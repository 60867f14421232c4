package dev.lightbox.http.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blocks of a PEM file (RFC 7468 textual encoding: {@code -----BEGIN LABEL-----}, base64,
 * {@code -----END LABEL-----}), in file order. Text outside blocks is ignored, as OpenSSL does
 * (certificate bundles often carry "subject=" lines between blocks).
 */
final class PemBlocks {
  private PemBlocks() {}

  /**
   * One block: its label and decoded DER bytes. {@code encrypted} marks the legacy OpenSSL form
   * whose base64 is preceded by {@code Proc-Type: 4,ENCRYPTED} headers (RFC 1421).
   */
  record Block(String label, byte[] der, boolean encrypted) {}

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  /**
   * @throws IllegalArgumentException when a block's body is not base64 (message without the
   *     file name; the caller adds it)
   */
  static List<Block> parse(byte[] file) {
    String text = new String(file, StandardCharsets.ISO_8859_1);
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String label = m.group(1);
      String body = m.group(2);
      boolean encrypted = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
      if (encrypted) {
        blocks.add(new Block(label, new byte[0], true));
        continue;
      }
      String base64 = body.replaceAll("\\s+", "");
      try {
        blocks.add(new Block(label, Base64.getDecoder().decode(base64), false));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the " + label + " block is not valid base64");
      }
    }
    return blocks;
  }
}
