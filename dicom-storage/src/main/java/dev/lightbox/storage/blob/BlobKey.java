package dev.lightbox.storage.blob;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of a content-addressed blob: {@code sha256/ab/cd/abcd…} where the 64 lowercase hex
 * digits are the SHA-256 of the content and the two shard directories are its first four digits.
 *
 * <p>Only this exact shape is accepted, so a key can be joined to a directory or used as an S3
 * object name without any possibility of path traversal ({@code ..}, absolute paths, separators
 * other than the three fixed ones).
 */
public record BlobKey(String value) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern KEY =
      Pattern.compile("sha256/([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})");

  public BlobKey {
    Objects.requireNonNull(value, "value");
    var m = KEY.matcher(value);
    if (!m.matches() || !m.group(3).startsWith(m.group(1) + m.group(2))) {
      throw new IllegalArgumentException("not a blob key (want sha256/xx/yy/<64 lowercase hex>): "
          + abbreviate(value));
    }
  }

  /** The key for content with this SHA-256 (64 hex digits, either case). */
  public static BlobKey ofSha256(String sha256Hex) {
    Objects.requireNonNull(sha256Hex, "sha256Hex");
    String hex = sha256Hex.toLowerCase(java.util.Locale.ROOT);
    if (!SHA256_HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("not a SHA-256 hex digest: " + abbreviate(sha256Hex));
    }
    return new BlobKey("sha256/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex);
  }

  /** Parses a stored key, rejecting anything that is not exactly the content-addressed shape. */
  public static BlobKey parse(String value) {
    return new BlobKey(value);
  }

  /** True when {@code value} is a well-formed key. */
  public static boolean isValid(String value) {
    if (value == null) {
      return false;
    }
    var m = KEY.matcher(value);
    return m.matches() && m.group(3).startsWith(m.group(1) + m.group(2));
  }

  /** The 64 lowercase hex digits of the content's SHA-256. */
  public String sha256() {
    return value.substring(value.length() - 64);
  }

  @Override
  public String toString() {
    return value;
  }

  private static String abbreviate(String s) {
    return s.length() <= 100 ? '"' + s + '"' : '"' + s.substring(0, 100) + "…\" (" + s.length() + " chars)";
  }
}
