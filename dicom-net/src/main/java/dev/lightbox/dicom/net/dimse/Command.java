package dev.lightbox.dicom.net.dimse;

import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.net.dimse.CommandTag.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A DIMSE command set (PS3.7 §6.3): group 0000 elements, always encoded in Implicit VR Little
 * Endian with the Command Group Length (0000,0000) first (PS3.7 §6.3.1, §E.1). Immutable; build
 * one with {@link #builder()}.
 */
public final class Command {
  private final TreeMap<Integer, byte[]> values;

  private Command(TreeMap<Integer, byte[]> values) {
    this.values = values;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with this command's elements. */
  public Builder toBuilder() {
    Builder b = new Builder();
    values.forEach((t, v) -> b.values.put(t, v.clone()));
    return b;
  }

  /** Command Field (0000,0100), or -1 when absent. */
  public int field() {
    return us(CommandTag.COMMAND_FIELD).orElse(-1);
  }

  public int messageId() {
    return us(CommandTag.MESSAGE_ID).orElse(-1);
  }

  public int messageIdBeingRespondedTo() {
    return us(CommandTag.MESSAGE_ID_BEING_RESPONDED_TO).orElse(-1);
  }

  /** True unless Command Data Set Type (0000,0800) is 0101H (PS3.7 §E.1). */
  public boolean hasDataSet() {
    return us(CommandTag.COMMAND_DATA_SET_TYPE).orElse(CommandTag.NO_DATA_SET)
        != CommandTag.NO_DATA_SET;
  }

  public Status status() {
    return new Status(us(CommandTag.STATUS).orElse(Status.UNABLE_TO_PROCESS),
        string(CommandTag.ERROR_COMMENT).orElse(""));
  }

  public String affectedSopClassUid() {
    return string(CommandTag.AFFECTED_SOP_CLASS_UID).orElse("");
  }

  public String affectedSopInstanceUid() {
    return string(CommandTag.AFFECTED_SOP_INSTANCE_UID).orElse("");
  }

  public boolean contains(int tag) {
    return values.containsKey(tag);
  }

  /** A US value, or empty when absent or not two bytes. */
  public OptionalInt us(int tag) {
    byte[] v = values.get(tag);
    if (v == null || v.length != 2) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((v[0] & 0xFF) | ((v[1] & 0xFF) << 8));
  }

  /** A string value (UI, AE, LO) with its padding removed. */
  public Optional<String> string(int tag) {
    byte[] v = values.get(tag);
    if (v == null) {
      return Optional.empty();
    }
    int end = v.length;
    while (end > 0 && (v[end - 1] == 0 || v[end - 1] == ' ')) {
      end--;
    }
    int start = 0;
    while (start < end && v[start] == ' ') {
      start++;
    }
    return Optional.of(new String(v, start, end - start, StandardCharsets.ISO_8859_1));
  }

  /** The Implicit VR Little Endian encoding, Command Group Length first (PS3.7 §E.1). */
  public byte[] encode() {
    int length = 0;
    for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
      length += 8 + e.getValue().length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(12 + length);
    writeHeader(out, CommandTag.COMMAND_GROUP_LENGTH, 4);
    writeLe(out, length, 4);
    for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
      writeHeader(out, e.getKey(), e.getValue().length);
      out.writeBytes(e.getValue());
    }
    return out.toByteArray();
  }

  /**
   * Decodes an Implicit VR Little Endian command set. Every element must be in group 0000 and fit
   * in the bytes given; Command Group Length is recomputed on encoding, so its value is not kept.
   */
  public static Command decode(byte[] bytes) throws CommandFormatException {
    TreeMap<Integer, byte[]> values = new TreeMap<>(Integer::compareUnsigned);
    int at = 0;
    int lastTag = -1;
    while (at < bytes.length) {
      if (bytes.length - at < 8) {
        throw new CommandFormatException(lastTag, at,
            "truncated element header: " + (bytes.length - at) + " bytes left");
      }
      int tag = (le(bytes, at, 2) << 16) | le(bytes, at + 2, 2);
      long length = le(bytes, at + 4, 4) & 0xFFFFFFFFL;
      if ((tag >>> 16) != 0) {
        throw new CommandFormatException(tag, at, "element outside group 0000");
      }
      if (length > bytes.length - at - 8) {
        throw new CommandFormatException(tag, at, "length " + length + " exceeds remaining "
            + (bytes.length - at - 8) + " bytes");
      }
      byte[] value = Arrays.copyOfRange(bytes, at + 8, at + 8 + (int) length);
      checkVr(tag, value, at);
      if (tag != CommandTag.COMMAND_GROUP_LENGTH) {
        values.put(tag, value);
      }
      lastTag = tag;
      at += 8 + (int) length;
    }
    if (!values.containsKey(CommandTag.COMMAND_FIELD)) {
      throw new CommandFormatException(CommandTag.COMMAND_FIELD, bytes.length,
          "missing Command Field");
    }
    return new Command(values);
  }

  private static void checkVr(int tag, byte[] value, int at) throws CommandFormatException {
    Kind kind = CommandTag.kind(tag);
    int expected = switch (kind) {
      case US -> 2;
      case UL, AT -> 4;
      default -> -1;
    };
    if (expected > 0 && value.length != expected) {
      throw new CommandFormatException(tag, at, kind + " value of " + value.length
          + " bytes, expected " + expected);
    }
  }

  private static int le(byte[] b, int at, int n) {
    int v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }

  private static void writeHeader(ByteArrayOutputStream out, int tag, int length) {
    writeLe(out, tag >>> 16, 2);
    writeLe(out, tag & 0xFFFF, 2);
    writeLe(out, length, 4);
  }

  private static void writeLe(ByteArrayOutputStream out, long v, int n) {
    for (int i = 0; i < n; i++) {
      out.write((int) (v >>> (8 * i)));
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(CommandField.name(field())).append('{');
    values.forEach((t, v) -> {
      if (t != CommandTag.COMMAND_FIELD) {
        s.append(Tag.toString(t)).append('=');
        Kind k = CommandTag.kind(t);
        if (k == Kind.US) {
          s.append(String.format("%04X", us(t).orElse(0)));
        } else if (k == Kind.UI || k == Kind.AE || k == Kind.LO) {
          s.append(string(t).orElse(""));
        } else {
          s.append(v.length).append(" bytes");
        }
        s.append(' ');
      }
    });
    return s.append('}').toString();
  }

  /** Collects command elements; values are validated against their Table E.1-1 VR. */
  public static final class Builder {
    private final TreeMap<Integer, byte[]> values = new TreeMap<>(Integer::compareUnsigned);

    private Builder() {}

    public Builder us(int tag, int value) {
      requireKind(tag, Kind.US);
      if (value < 0 || value > 0xFFFF) {
        throw new IllegalArgumentException(Tag.toString(tag) + " US out of range: " + value);
      }
      values.put(tag, new byte[] {(byte) value, (byte) (value >> 8)});
      return this;
    }

    /** A UI, AE or LO value, padded to even length (NUL for UI, space otherwise; PS3.5 §6.2). */
    public Builder string(int tag, String value) {
      Kind k = CommandTag.kind(tag);
      if (k != Kind.UI && k != Kind.AE && k != Kind.LO) {
        throw new IllegalArgumentException(Tag.toString(tag) + " is not a string element");
      }
      byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
      if ((b.length & 1) == 1) {
        b = Arrays.copyOf(b, b.length + 1);
        b[b.length - 1] = k == Kind.UI ? 0 : (byte) ' ';
      }
      values.put(tag, b);
      return this;
    }

    /** An AT value (a data element tag), e.g. Offending Element (0000,0901). */
    public Builder tag(int tag, int value) {
      requireKind(tag, Kind.AT);
      values.put(tag, new byte[] {(byte) (value >>> 16), (byte) (value >>> 24), (byte) value,
          (byte) (value >>> 8)});
      return this;
    }

    public Builder field(int field) {
      return us(CommandTag.COMMAND_FIELD, field);
    }

    /** Command Data Set Type: 0101H for none, 0000H (any other value) when a data set follows. */
    public Builder dataSet(boolean present) {
      return us(CommandTag.COMMAND_DATA_SET_TYPE, present ? 0x0000 : CommandTag.NO_DATA_SET);
    }

    public Builder status(Status status) {
      us(CommandTag.STATUS, status.code());
      if (!status.errorComment().isEmpty()) {
        String c = status.errorComment();
        string(CommandTag.ERROR_COMMENT, c.length() > 64 ? c.substring(0, 64) : c);
      }
      return this;
    }

    public Builder remove(int tag) {
      values.remove(tag);
      return this;
    }

    public Command build() {
      if (!values.containsKey(CommandTag.COMMAND_FIELD)) {
        throw new IllegalStateException("Command Field (0000,0100) not set");
      }
      if (!values.containsKey(CommandTag.COMMAND_DATA_SET_TYPE)) {
        dataSet(false);
      }
      TreeMap<Integer, byte[]> copy = new TreeMap<>(Integer::compareUnsigned);
      copy.putAll(values);
      return new Command(copy);
    }

    private static void requireKind(int tag, Kind kind) {
      if (CommandTag.kind(tag) != kind) {
        throw new IllegalArgumentException(Tag.toString(tag) + " is not " + kind);
      }
    }
  }
}
