package dev.lightbox.service.metadata;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.ElementDictionary;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.json.DicomJsonWriter;
import dev.lightbox.dicom.json.SingleAttributeJson;
import dev.lightbox.service.JsonWritable;
import dev.lightbox.service.ingest.IngestLimits;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The header metadata kept in the index for attribute queries, so a query never re-reads the blob
 * (DESIGN.md "Metadata needed for attribute queries is extracted at ingest").
 *
 * <p>Stored form: {@code {"fileMeta": <DICOM JSON of group 0002>, "dataset": <DICOM JSON of the
 * dataset up to Pixel Data>, "bulk": {"<tag path>": [offset, length] | []}}} (PS3.18 F.2). The File
 * Meta Information is kept apart because it is not part of the dataset (PS3.10 §7.1) yet its
 * attributes can be asked for by tag.
 *
 * <p>Values too large to inline are stored with their VR only, and {@code bulk} records where each
 * lies in the stored file, so a bulk request is one ranged read instead of a header parse (which,
 * for an S3 blob, would mean fetching it). Deflated files (PS3.5 §A.5) have no file offsets for
 * their values and record an empty location. The stored form holds facts, never URLs: each answer
 * writes the {@code BulkDataURI} its route gives ({@link BulkLinks}). Documents stored before this
 * form carried the own route's URLs; those are rewritten on the way out just the same.
 *
 * <p>Answers are <em>streamed</em> from the stored text: a {@link JsonReader} walks it and a
 * {@link JsonWriter} copies token by token, injecting the BulkDataURIs, so no request ever builds
 * a tree of the whole document (a header of a million sequence items is megabytes of text but
 * hundreds of megabytes as a Gson tree). Only {@link #single} builds a tree, of the one attribute
 * it returns.
 */
public final class MetadataDocument {
  /** Binary values longer than this are BulkDataURIs instead of InlineBinary. */
  public static final int INLINE_BINARY_LIMIT = 1024;

  private static final ElementDictionary DICTIONARY = ElementDictionary.standard();

  private final String stored;
  private Map<String, long[]> bulk;

  private MetadataDocument(String stored) {
    this.stored = stored;
  }

  /** Writes the stored form for a parsed header, within the default {@link IngestLimits}. */
  public static String build(ParseResult parsed, ByteSource source) throws IOException {
    return build(parsed, source, IngestLimits.DEFAULTS);
  }

  /**
   * Writes the stored form for a parsed header.
   *
   * @throws dev.lightbox.dicom.io.DicomParseException LIMIT_EXCEEDED (naming the tag path and
   *     offset) for a value longer than {@link IngestLimits#maxInlineValueBytes} that would be
   *     written inline, or a document longer than {@link IngestLimits#maxDocumentChars}
   */
  public static String build(ParseResult parsed, ByteSource source, IngestLimits limits)
      throws IOException {
    InlineValueCheck.check(parsed, limits.maxInlineValueBytes());
    Map<String, Optional<BulkDataRef>> locations = new LinkedHashMap<>();
    boolean fileOffsets = !parsed.transferSyntax().deflated();
    DicomJsonWriter writer = new DicomJsonWriter(source, INLINE_BINARY_LIMIT, (path, element) -> {
      locations.put(path, fileOffsets && element.value() instanceof BulkDataRef ref
          ? Optional.of(ref) : Optional.empty());
      return Optional.empty();
    });
    BoundedStringWriter sw = new BoundedStringWriter(limits.maxDocumentChars());
    try {
      write(parsed, writer, locations, new JsonWriter(sw));
    } catch (BoundedStringWriter.TooLong e) {
      throw e.refusal();
    }
    return sw.toString();
  }

  private static void write(ParseResult parsed, DicomJsonWriter writer,
      Map<String, Optional<BulkDataRef>> locations, JsonWriter out) throws IOException {
    out.setSerializeNulls(true);
    out.beginObject();
    out.name("fileMeta");
    writer.writeDataset(parsed.fileMeta(), out, "");
    out.name("dataset");
    writer.writeDataset(parsed.dataset(), out, "");
    out.name("bulk").beginObject();
    for (Map.Entry<String, Optional<BulkDataRef>> e : locations.entrySet()) {
      out.name(e.getKey()).beginArray();
      if (e.getValue().isPresent()) {
        out.value(e.getValue().get().offset()).value(e.getValue().get().length());
      }
      out.endArray();
    }
    out.endObject();
    out.endObject();
    out.flush();
  }

  /** The stored form, read lazily (nothing is parsed until an answer is written). */
  public static MetadataDocument parse(String stored) {
    return new MetadataDocument(stored);
  }

  /** Characters of the stored text (what an answer streams through). */
  public int length() {
    return stored.length();
  }

  /** Where the value at {@code path} (canonical form) lies in the stored file, if recorded. */
  public Optional<BulkDataRef> bulk(TagPath path) {
    long[] at = bulkPaths().get(path.toString());
    return at == null || at.length != 2 ? Optional.empty()
        : Optional.of(new BulkDataRef(at[0], at[1]));
  }

  /** The whole dataset as DICOM JSON (without the File Meta Information). */
  public JsonWritable dataset(BulkLinks links) {
    return out -> {
      JsonReader in = section("dataset");
      if (in == null) {
        out.beginObject().endObject();
        return;
      }
      copyDataset(in, out, "", links);
    };
  }

  /**
   * The whole dataset with {@code added} top-level attributes merged in tag order (an added
   * attribute replaces a stored one of the same tag). An added attribute with a {@code
   * BulkDataURI} member gets the URI {@code links} gives its tag.
   */
  public JsonWritable datasetWith(Map<String, JsonObject> added, BulkLinks links) {
    java.util.TreeMap<String, JsonObject> extra = new java.util.TreeMap<>(added);
    return out -> {
      JsonReader in = section("dataset");
      out.beginObject();
      if (in != null) {
        in.beginObject();
        while (in.hasNext()) {
          String key = in.nextName();
          // Keys are 8 upper-case hex digits, so text order is tag order.
          while (!extra.isEmpty() && extra.firstKey().compareTo(key) < 0) {
            writeAdded(out, extra.pollFirstEntry(), links);
          }
          if (extra.containsKey(key)) {
            in.skipValue();
            continue;
          }
          out.name(key);
          if (in.peek() == JsonToken.BEGIN_OBJECT) {
            copyAttribute(in, out, key, links);
          } else {
            copyValue(in, out);
          }
        }
        in.endObject();
      }
      while (!extra.isEmpty()) {
        writeAdded(out, extra.pollFirstEntry(), links);
      }
      out.endObject();
    };
  }

  private static void writeAdded(JsonWriter out, Map.Entry<String, JsonObject> e, BulkLinks links)
      throws IOException {
    out.name(e.getKey()).beginObject();
    for (Map.Entry<String, JsonElement> m : e.getValue().entrySet()) {
      out.name(m.getKey());
      if (m.getKey().equals("BulkDataURI")) {
        out.value(links.uri(e.getKey()));
      } else {
        com.google.gson.internal.Streams.write(m.getValue(), out);
      }
    }
    out.endObject();
  }

  /** The first value of a top-level dataset attribute as text, if present. */
  public Optional<String> firstValue(int tag) {
    try {
      JsonReader in = section("dataset");
      if (in == null) {
        return Optional.empty();
      }
      in.beginObject();
      if (!seekMember(in, Tag.toHex(tag)) || in.peek() != JsonToken.BEGIN_OBJECT) {
        return Optional.empty();
      }
      in.beginObject();
      if (!seekMember(in, "Value") || in.peek() != JsonToken.BEGIN_ARRAY) {
        return Optional.empty();
      }
      in.beginArray();
      if (!in.hasNext()) {
        return Optional.empty();
      }
      JsonToken t = in.peek();
      return t == JsonToken.STRING || t == JsonToken.NUMBER ? Optional.of(in.nextString())
          : Optional.empty();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The top-level attributes named by {@code tags}, in tag order, as a DICOM JSON object; tags the
   * file does not have are left out, as a selection (like QIDO {@code includefield}) does.
   */
  public JsonWritable select(List<Integer> tags, BulkLinks links) {
    Set<String> meta = new TreeSet<>();
    Set<String> data = new TreeSet<>();
    for (int tag : tags) {
      (Tag.group(tag) == 0x0002 ? meta : data).add(Tag.toHex(tag));
    }
    return out -> {
      out.beginObject();
      // Group 0002 sorts first (unsigned tag order), so File Meta attributes come first.
      copySelected(section("fileMeta"), out, meta, links);
      copySelected(section("dataset"), out, data, links);
      out.endObject();
    };
  }

  /**
   * One attribute in the form {@code {"tag","keyword","name","vr","Value"|...}}, following the
   * path through sequence items (0-based), or empty when some step is absent.
   */
  public Optional<JsonObject> single(TagPath path, BulkLinks links) {
    int[] tags = path.tags();
    int[] items = path.items();
    try {
      JsonReader in = section(Tag.group(tags[0]) == 0x0002 ? "fileMeta" : "dataset");
      if (in == null) {
        return Optional.empty();
      }
      in.beginObject(); // the dataset (or the item) that holds step i
      for (int i = 0; i < tags.length; i++) {
        if (!seekMember(in, Tag.toHex(tags[i])) || in.peek() != JsonToken.BEGIN_OBJECT) {
          return Optional.empty();
        }
        if (i == tags.length - 1) {
          JsonObject attr = JsonParser.parseReader(in).getAsJsonObject();
          return Optional.of(SingleAttributeJson.of(tags[i], withLinks(attr, path.toString(), links)));
        }
        in.beginObject(); // the attribute
        if (!seekMember(in, "Value") || in.peek() != JsonToken.BEGIN_ARRAY) {
          return Optional.empty();
        }
        in.beginArray();
        for (int skip = 0; skip < items[i]; skip++) {
          if (!in.hasNext()) {
            return Optional.empty();
          }
          in.skipValue();
        }
        if (!in.hasNext() || in.peek() != JsonToken.BEGIN_OBJECT) {
          return Optional.empty();
        }
        in.beginObject();
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("stored metadata is not valid JSON", e);
    }
  }

  /** A reader positioned at the value of the root member {@code name}, or null if absent. */
  private JsonReader section(String name) throws IOException {
    JsonReader in = new JsonReader(new StringReader(stored));
    in.beginObject();
    return seekMember(in, name) ? in : null;
  }

  /** Skips members of the current object until {@code name}; true when positioned at its value. */
  private static boolean seekMember(JsonReader in, String name) throws IOException {
    while (in.hasNext()) {
      if (in.nextName().equals(name)) {
        return true;
      }
      in.skipValue();
    }
    return false;
  }

  /** The recorded bulk locations by tag path, read once by streaming over the stored text. */
  private synchronized Map<String, long[]> bulkPaths() {
    if (bulk != null) {
      return bulk;
    }
    Map<String, long[]> paths = new HashMap<>();
    try {
      JsonReader in = section("bulk");
      if (in != null) {
        in.beginObject();
        while (in.hasNext()) {
          String path = in.nextName();
          long[] at = new long[0];
          if (in.peek() == JsonToken.BEGIN_ARRAY) {
            in.beginArray();
            long[] read = new long[2];
            int n = 0;
            while (in.hasNext()) {
              long v = in.nextLong();
              if (n < 2) {
                read[n] = v;
              }
              n++;
            }
            in.endArray();
            at = n == 2 ? read : new long[0];
          } else {
            in.skipValue();
          }
          paths.put(path, at);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("stored metadata is not valid JSON", e);
    }
    bulk = paths;
    return paths;
  }

  private void copySelected(JsonReader in, JsonWriter out, Set<String> wanted, BulkLinks links)
      throws IOException {
    if (in == null || wanted.isEmpty()) {
      return;
    }
    in.beginObject();
    while (in.hasNext()) {
      String key = in.nextName();
      if (wanted.contains(key) && in.peek() == JsonToken.BEGIN_OBJECT) {
        out.name(key);
        copyAttribute(in, out, key, links);
      } else {
        in.skipValue();
      }
    }
  }

  /** Copies a dataset object, giving each bulk value the BulkDataURI of {@code links}. */
  private void copyDataset(JsonReader in, JsonWriter out, String prefix, BulkLinks links)
      throws IOException {
    in.beginObject();
    out.beginObject();
    while (in.hasNext()) {
      String key = in.nextName();
      out.name(key);
      if (in.peek() == JsonToken.BEGIN_OBJECT) {
        copyAttribute(in, out, prefix.isEmpty() ? key : prefix + "/" + key, links);
      } else {
        copyValue(in, out);
      }
    }
    in.endObject();
    out.endObject();
  }

  private void copyAttribute(JsonReader in, JsonWriter out, String path, BulkLinks links)
      throws IOException {
    in.beginObject();
    out.beginObject();
    boolean sequence = false;
    boolean storedUri = false;
    while (in.hasNext()) {
      String member = in.nextName();
      if (member.equals("BulkDataURI")) {
        in.skipValue(); // an older document's URL: replaced by this route's below
        storedUri = true;
        continue;
      }
      out.name(member);
      if (member.equals("vr") && in.peek() == JsonToken.STRING) {
        String vr = in.nextString();
        sequence = vr.equals("SQ");
        out.value(vr);
      } else if (member.equals("Value") && sequence && in.peek() == JsonToken.BEGIN_ARRAY) {
        in.beginArray();
        out.beginArray();
        for (int i = 0; in.hasNext(); i++) {
          if (in.peek() == JsonToken.BEGIN_OBJECT) {
            copyDataset(in, out, path + "/" + i, links);
          } else {
            copyValue(in, out);
          }
        }
        in.endArray();
        out.endArray();
      } else {
        copyValue(in, out);
      }
    }
    if (storedUri || bulkPaths().containsKey(path)) {
      out.name("BulkDataURI").value(links.uri(path));
    }
    in.endObject();
    out.endObject();
  }

  /** Copies one JSON value of any kind, numbers as their literal text. */
  private static void copyValue(JsonReader in, JsonWriter out) throws IOException {
    switch (in.peek()) {
      case BEGIN_ARRAY -> {
        in.beginArray();
        out.beginArray();
        while (in.hasNext()) {
          copyValue(in, out);
        }
        in.endArray();
        out.endArray();
      }
      case BEGIN_OBJECT -> {
        in.beginObject();
        out.beginObject();
        while (in.hasNext()) {
          out.name(in.nextName());
          copyValue(in, out);
        }
        in.endObject();
        out.endObject();
      }
      case STRING -> out.value(in.nextString());
      case NUMBER -> out.jsonValue(in.nextString());
      case BOOLEAN -> out.value(in.nextBoolean());
      case NULL -> {
        in.nextNull();
        out.nullValue();
      }
      default -> throw new IOException("unexpected " + in.peek() + " in stored metadata");
    }
  }

  /** A copy of one stored attribute (at {@code path}) with its BulkDataURIs given by {@code links}. */
  private JsonObject withLinks(JsonObject attr, String path, BulkLinks links) {
    JsonObject copy = new JsonObject();
    for (Map.Entry<String, JsonElement> m : attr.entrySet()) {
      if (m.getKey().equals("BulkDataURI")) {
        continue;
      }
      if (m.getKey().equals("Value") && isSequence(attr) && m.getValue().isJsonArray()) {
        JsonArray items = new JsonArray();
        JsonArray stored = m.getValue().getAsJsonArray();
        for (int i = 0; i < stored.size(); i++) {
          items.add(stored.get(i).isJsonObject()
              ? datasetWithLinks(stored.get(i).getAsJsonObject(), path + "/" + i, links)
              : stored.get(i));
        }
        copy.add("Value", items);
      } else {
        copy.add(m.getKey(), m.getValue());
      }
    }
    if (attr.has("BulkDataURI") || bulkPaths().containsKey(path)) {
      copy.addProperty("BulkDataURI", links.uri(path));
    }
    return copy;
  }

  private JsonObject datasetWithLinks(JsonObject ds, String prefix, BulkLinks links) {
    JsonObject copy = new JsonObject();
    for (Map.Entry<String, JsonElement> e : ds.entrySet()) {
      copy.add(e.getKey(), e.getValue().isJsonObject()
          ? withLinks(e.getValue().getAsJsonObject(), prefix + "/" + e.getKey(), links)
          : e.getValue());
    }
    return copy;
  }

  private static boolean isSequence(JsonObject attr) {
    JsonElement vr = attr.get("vr");
    return vr != null && vr.isJsonPrimitive() && vr.getAsString().equals("SQ");
  }


  /** A readable name for messages: {@code 00100010 (PatientName)}. */
  public static String describe(TagPath path) {
    String keyword = DICTIONARY.keyword(path.lastTag());
    return path + (keyword.isEmpty() ? "" : " (" + keyword + ")");
  }
}
