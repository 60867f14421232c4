package dev.lightbox.dicom.json;

import com.google.gson.stream.JsonWriter;
import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Fragments;
import dev.lightbox.dicom.data.PersonName;
import dev.lightbox.dicom.data.Sequence;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.ValueDecoder;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.ByteSource;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Streams a dataset as DICOM JSON (PS3.18 Annex F): an object keyed by 8-hex-digit tags in
 * ascending order, each with {@code vr} and {@code Value}, {@code InlineBinary} or {@code
 * BulkDataURI}.
 *
 * <p>Group length elements (gggg,0000) are omitted (PS3.18 F.2.1). DS and IS values are JSON numbers
 * when they parse as numbers and strings otherwise (F.2.3); PN values are objects with {@code
 * Alphabetic}, {@code Ideographic} and {@code Phonetic} (F.2.2); AT values are hex strings; empty
 * components of multi-valued strings are {@code null}.
 */
public final class DicomJsonWriter {
  private final ByteSource source;
  private final int inlineBinaryThreshold;
  private final BulkDataUris bulkDataUris;

  /**
   * @param source where {@link BulkDataRef}s are read from, or null when only in-memory values may
   *     be written
   * @param inlineBinaryThreshold binary values up to this length are written as InlineBinary
   * @param bulkDataUris URIs for values that are not written inline
   */
  public DicomJsonWriter(ByteSource source, int inlineBinaryThreshold, BulkDataUris bulkDataUris) {
    this.source = source;
    this.inlineBinaryThreshold = inlineBinaryThreshold;
    this.bulkDataUris = bulkDataUris;
  }

  /** The whole dataset as a DICOM JSON string. */
  public String toJson(Dataset dataset) throws IOException {
    StringWriter sw = new StringWriter();
    write(dataset, sw);
    return sw.toString();
  }

  public void write(Dataset dataset, Writer writer) throws IOException {
    JsonWriter out = new JsonWriter(writer);
    out.setSerializeNulls(true);
    writeDataset(dataset, out, "");
    out.flush();
  }

  public void writeDataset(Dataset dataset, JsonWriter out, String parentPath) throws IOException {
    out.beginObject();
    for (Element e : dataset) {
      // Group lengths are omitted (PS3.18 F.2.1).
      if (Tag.element(e.tag()) == 0) {
        continue;
      }
      String hex = Tag.toHex(e.tag());
      out.name(hex);
      writeAttributeBody(dataset, e, out, parentPath.isEmpty() ? hex : parentPath + "/" + hex);
    }
    out.endObject();
  }

  private void writeAttributeBody(Dataset owner, Element e, JsonWriter out, String path)
      throws IOException {
    out.beginObject();
    writeMembers(owner, e, out, path);
    out.endObject();
  }

  /** The members of one attribute object ({@code vr}, then the value); see {@link SingleAttributeJson}. */
  void writeMembers(Dataset owner, Element e, JsonWriter out, String path)
      throws IOException {
    Vr vr = e.vr();
    out.name("vr").value(vr.name());
    Object value = e.value();
    if (value instanceof Sequence seq) {
      if (seq.size() > 0) {
        out.name("Value").beginArray();
        for (int i = 0; i < seq.size(); i++) {
          writeDataset(seq.item(i), out, path + "/" + i);
        }
        out.endArray();
      }
      return;
    }
    if (value instanceof Fragments) {
      writeBulkUri(out, path, e);
      return;
    }
    byte[] raw;
    if (value instanceof BulkDataRef ref) {
      boolean inlineable = vr.isString() || vr.kind() == dev.lightbox.dicom.data.ValueKind.TAG
          || vr.kind() == dev.lightbox.dicom.data.ValueKind.BINARY_NUMBER
          || ref.length() <= inlineBinaryThreshold;
      if (source == null || !inlineable || ref.length() > Integer.MAX_VALUE - 16) {
        writeBulkUri(out, path, e);
        return;
      }
      raw = source.readBytes(ref.offset(), (int) ref.length());
    } else {
      raw = (byte[]) value;
    }
    if (raw.length == 0) {
      return;
    }
    switch (vr.kind()) {
      case BULK -> {
        if (raw.length > inlineBinaryThreshold) {
          writeBulkUri(out, path, e);
        } else {
          byte[] le = ValueDecoder.toLittleEndian(vr, raw, owner.bigEndian());
          if ((le.length & 1) == 1) {
            // An odd-length value (tolerated when reading) is written padded to even length with
            // NUL, the form PS3.5 §7.1.1 requires.
            le = java.util.Arrays.copyOf(le, le.length + 1);
          }
          out.name("InlineBinary").value(Base64.getEncoder().encodeToString(le));
        }
      }
      case PERSON_NAME -> writePersonNames(owner, vr, raw, out);
      case NUMERIC_STRING -> writeNumericStrings(owner, vr, raw, out);
      case BINARY_NUMBER -> writeBinaryNumbers(owner, vr, raw, out);
      case TAG, STRING, TEXT -> writeStrings(owner, vr, raw, out);
      default -> throw new IllegalStateException("unhandled " + vr);
    }
  }

  private void writeBulkUri(JsonWriter out, String path, Element e) throws IOException {
    Optional<String> uri = bulkDataUris.uri(path, e);
    if (uri.isPresent()) {
      out.name("BulkDataURI").value(uri.get());
    }
  }

  /** Writes one JSON array entry for a non-empty string value. */
  @FunctionalInterface
  private interface EntryWriter {
    void write(JsonWriter out, String value) throws IOException;
  }

  /**
   * The {@code Value} array of a character-string attribute: nothing when the whole value is
   * empty, {@code null} for an empty component of a multi-valued one (PS3.18 F.2.5).
   */
  private static void writeStringValues(Dataset owner, Vr vr, byte[] raw, JsonWriter out,
      EntryWriter entry) throws IOException {
    List<String> values = ValueDecoder.strings(vr, raw, owner.charset(), owner.bigEndian());
    if (values.isEmpty() || (values.size() == 1 && values.get(0).isEmpty())) {
      return;
    }
    out.name("Value").beginArray();
    for (String v : values) {
      if (v.isEmpty()) {
        out.nullValue();
      } else {
        entry.write(out, v);
      }
    }
    out.endArray();
  }

  private static void writeStrings(Dataset owner, Vr vr, byte[] raw, JsonWriter out)
      throws IOException {
    writeStringValues(owner, vr, raw, out, JsonWriter::value);
  }

  private static void writePersonNames(Dataset owner, Vr vr, byte[] raw, JsonWriter out)
      throws IOException {
    List<String> values = ValueDecoder.strings(vr, raw, owner.charset(), owner.bigEndian());
    List<PersonName> names = values.stream().map(PersonName::parse).toList();
    if (names.stream().allMatch(PersonName::isEmpty)) {
      return;
    }
    out.name("Value").beginArray();
    for (PersonName pn : names) {
      if (pn.isEmpty()) {
        out.nullValue();
        continue;
      }
      out.beginObject();
      if (!pn.alphabetic().isEmpty()) {
        out.name("Alphabetic").value(pn.alphabetic());
      }
      if (!pn.ideographic().isEmpty()) {
        out.name("Ideographic").value(pn.ideographic());
      }
      if (!pn.phonetic().isEmpty()) {
        out.name("Phonetic").value(pn.phonetic());
      }
      out.endObject();
    }
    out.endArray();
  }

  private static void writeNumericStrings(Dataset owner, Vr vr, byte[] raw, JsonWriter out)
      throws IOException {
    writeStringValues(owner, vr, raw, out, (o, v) -> {
      Number n = vr == Vr.IS ? parseInteger(v) : parseDecimal(v);
      if (n == null) {
        o.value(v); // not a number: kept as the string the file holds
      } else {
        o.value(n);
      }
    });
  }

  private static Number parseInteger(String v) {
    try {
      return new BigInteger(v.startsWith("+") ? v.substring(1) : v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Number parseDecimal(String v) {
    try {
      return new BigDecimal(v.startsWith("+") ? v.substring(1) : v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void writeBinaryNumbers(Dataset owner, Vr vr, byte[] raw, JsonWriter out)
      throws IOException {
    int size = vr.bytesPerValue();
    int n = raw.length / size;
    if (n == 0) {
      return;
    }
    boolean be = owner.bigEndian();
    out.name("Value").beginArray();
    for (int i = 0; i < n; i++) {
      int at = i * size;
      switch (vr) {
        case FL -> writeFloating(out, Float.intBitsToFloat(ValueDecoder.readInt(raw, at, be)),
            true);
        case FD -> writeFloating(out, Double.longBitsToDouble(ValueDecoder.readLong(raw, at, be)),
            false);
        case US -> out.value(ValueDecoder.readUnsignedShort(raw, at, be));
        case SS -> out.value((short) ValueDecoder.readUnsignedShort(raw, at, be));
        case UL -> out.value(ValueDecoder.readInt(raw, at, be) & 0xFFFFFFFFL);
        case SL -> out.value(ValueDecoder.readInt(raw, at, be));
        case SV -> out.value(ValueDecoder.readLong(raw, at, be));
        case UV -> out.value(new BigInteger(
            Long.toUnsignedString(ValueDecoder.readLong(raw, at, be))));
        default -> throw new IllegalStateException("unhandled " + vr);
      }
    }
    out.endArray();
  }

  private static void writeFloating(JsonWriter out, double value, boolean single)
      throws IOException {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      // JSON has no NaN or infinity; the string form keeps the information.
      out.value(Double.toString(value));
    } else if (single) {
      out.value(new BigDecimal(Float.toString((float) value)));
    } else {
      out.value(new BigDecimal(Double.toString(value)));
    }
  }
}
