package dev.lightbox.service.metadata;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.internal.Streams;
import com.google.gson.stream.JsonWriter;
import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.ElementDictionary;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.json.DicomJsonWriter;
import dev.lightbox.service.JsonWritable;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 */
public final class MetadataDocument {
  /** Binary values longer than this are BulkDataURIs instead of InlineBinary. */
  public static final int INLINE_BINARY_LIMIT = 1024;

  private static final ElementDictionary DICTIONARY = ElementDictionary.standard();

  private final JsonObject fileMeta;
  private final JsonObject dataset;
  private final JsonObject bulk;

  private MetadataDocument(JsonObject fileMeta, JsonObject dataset, JsonObject bulk) {
    this.fileMeta = fileMeta;
    this.dataset = dataset;
    this.bulk = bulk;
  }

  /** Writes the stored form for a parsed header. */
  public static String build(ParseResult parsed, ByteSource source) throws IOException {
    Map<String, Optional<BulkDataRef>> locations = new LinkedHashMap<>();
    boolean fileOffsets = !parsed.transferSyntax().deflated();
    DicomJsonWriter writer = new DicomJsonWriter(source, INLINE_BINARY_LIMIT, (path, element) -> {
      locations.put(path, fileOffsets && element.value() instanceof BulkDataRef ref
          ? Optional.of(ref) : Optional.empty());
      return Optional.empty();
    });
    StringWriter sw = new StringWriter();
    JsonWriter out = new JsonWriter(sw);
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
    return sw.toString();
  }

  /** Reads the stored form. */
  public static MetadataDocument parse(String stored) {
    JsonObject root = JsonParser.parseString(stored).getAsJsonObject();
    JsonObject bulk = root.has("bulk") ? root.getAsJsonObject("bulk") : new JsonObject();
    return new MetadataDocument(root.getAsJsonObject("fileMeta"), root.getAsJsonObject("dataset"),
        bulk);
  }

  /** Where the value at {@code path} (canonical form) lies in the stored file, if recorded. */
  public Optional<BulkDataRef> bulk(TagPath path) {
    JsonElement e = bulk.get(path.toString());
    if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() != 2) {
      return Optional.empty();
    }
    JsonArray a = e.getAsJsonArray();
    return Optional.of(new BulkDataRef(a.get(0).getAsLong(), a.get(1).getAsLong()));
  }

  /** The whole dataset as DICOM JSON (without the File Meta Information). */
  public JsonWritable dataset(BulkLinks links) {
    return out -> writeDataset(dataset, out, "", links);
  }

  /**
   * The whole dataset with {@code added} top-level attributes merged in tag order (an added
   * attribute replaces a stored one of the same tag). An added attribute with a {@code
   * BulkDataURI} member gets the URI {@code links} gives its tag.
   */
  public JsonWritable datasetWith(Map<String, JsonObject> added, BulkLinks links) {
    java.util.TreeMap<String, JsonElement> merged = new java.util.TreeMap<>();
    for (Map.Entry<String, JsonElement> e : dataset.entrySet()) {
      merged.put(e.getKey(), e.getValue());
    }
    merged.putAll(added);
    JsonObject copy = new JsonObject();
    merged.forEach(copy::add);
    return out -> writeDataset(copy, out, "", links);
  }

  /** The first value of a top-level dataset attribute as text, if present. */
  public Optional<String> firstValue(int tag) {
    JsonElement attr = dataset.get(Tag.toHex(tag));
    if (attr == null || !attr.isJsonObject()) {
      return Optional.empty();
    }
    JsonElement value = attr.getAsJsonObject().get("Value");
    if (value == null || !value.isJsonArray() || value.getAsJsonArray().isEmpty()
        || !value.getAsJsonArray().get(0).isJsonPrimitive()) {
      return Optional.empty();
    }
    return Optional.of(value.getAsJsonArray().get(0).getAsString());
  }

  /**
   * The top-level attributes named by {@code tags}, in tag order, as a DICOM JSON object; tags the
   * file does not have are left out, as a selection (like QIDO {@code includefield}) does.
   */
  public JsonWritable select(List<Integer> tags, BulkLinks links) {
    JsonObject selected = new JsonObject();
    tags.stream().distinct().sorted(Integer::compareUnsigned).forEach(tag -> {
      String hex = Tag.toHex(tag);
      JsonElement e = rootFor(tag).get(hex);
      if (e != null) {
        selected.add(hex, e);
      }
    });
    return out -> writeDataset(selected, out, "", links);
  }

  /**
   * One attribute in the form {@code {"tag","keyword","name","vr","Value"|...}}, following the
   * path through sequence items (0-based), or empty when some step is absent.
   */
  public Optional<JsonObject> single(TagPath path, BulkLinks links) {
    int[] tags = path.tags();
    int[] items = path.items();
    JsonObject current = rootFor(tags[0]);
    for (int i = 0; i < tags.length; i++) {
      JsonElement attr = current.get(Tag.toHex(tags[i]));
      if (attr == null || !attr.isJsonObject()) {
        return Optional.empty();
      }
      if (i == tags.length - 1) {
        return Optional.of(singleForm(tags[i], withLinks(attr.getAsJsonObject(),
            path.toString(), links)));
      }
      JsonElement value = attr.getAsJsonObject().get("Value");
      if (value == null || !value.isJsonArray()) {
        return Optional.empty();
      }
      JsonArray itemList = value.getAsJsonArray();
      if (items[i] >= itemList.size() || !itemList.get(items[i]).isJsonObject()) {
        return Optional.empty();
      }
      current = itemList.get(items[i]).getAsJsonObject();
    }
    return Optional.empty();
  }

  /**
   * Writes a DICOM JSON dataset from the stored tree, giving every value kept as bulk data the
   * {@code BulkDataURI} of {@code links}; the stored tree itself is never changed or copied.
   */
  private void writeDataset(JsonObject ds, JsonWriter out, String prefix, BulkLinks links)
      throws IOException {
    out.beginObject();
    for (Map.Entry<String, JsonElement> e : ds.entrySet()) {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey();
      out.name(e.getKey());
      if (!e.getValue().isJsonObject()) {
        Streams.write(e.getValue(), out);
        continue;
      }
      JsonObject attr = e.getValue().getAsJsonObject();
      out.beginObject();
      for (Map.Entry<String, JsonElement> m : attr.entrySet()) {
        if (m.getKey().equals("BulkDataURI")) {
          continue;
        }
        out.name(m.getKey());
        if (m.getKey().equals("Value") && isSequence(attr) && m.getValue().isJsonArray()) {
          JsonArray items = m.getValue().getAsJsonArray();
          out.beginArray();
          for (int i = 0; i < items.size(); i++) {
            if (items.get(i).isJsonObject()) {
              writeDataset(items.get(i).getAsJsonObject(), out, path + "/" + i, links);
            } else {
              Streams.write(items.get(i), out);
            }
          }
          out.endArray();
        } else {
          Streams.write(m.getValue(), out);
        }
      }
      if (isBulk(attr, path)) {
        out.name("BulkDataURI").value(links.uri(path));
      }
      out.endObject();
    }
    out.endObject();
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
    if (isBulk(attr, path)) {
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

  private boolean isBulk(JsonObject attr, String path) {
    return bulk.has(path) || attr.has("BulkDataURI");
  }

  private static boolean isSequence(JsonObject attr) {
    JsonElement vr = attr.get("vr");
    return vr != null && vr.isJsonPrimitive() && vr.getAsString().equals("SQ");
  }

  private JsonObject rootFor(int tag) {
    return Tag.group(tag) == 0x0002 ? fileMeta : dataset;
  }

  private static JsonObject singleForm(int tag, JsonObject body) {
    JsonObject out = new JsonObject();
    out.addProperty("tag", Tag.toHex(tag));
    boolean creator = Tag.isPrivateCreator(tag);
    out.addProperty("keyword", creator ? "PrivateCreator" : DICTIONARY.keyword(tag));
    out.addProperty("name", creator ? "Private Creator" : DICTIONARY.name(tag));
    for (Map.Entry<String, JsonElement> member : body.entrySet()) {
      out.add(member.getKey(), member.getValue());
    }
    return out;
  }

  /** A readable name for messages: {@code 00100010 (PatientName)}. */
  public static String describe(TagPath path) {
    String keyword = DICTIONARY.keyword(path.lastTag());
    return path + (keyword.isEmpty() ? "" : " (" + keyword + ")");
  }
}
