package dev.lightbox.http.service;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.ElementDictionary;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.json.DicomJsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The header metadata kept in the index for attribute queries, so a query never re-reads the blob
 * (DESIGN.md "Metadata needed for attribute queries is extracted at ingest").
 *
 * <p>Stored form: {@code {"fileMeta": <DICOM JSON of group 0002>, "dataset": <DICOM JSON of the
 * dataset up to Pixel Data>}} (PS3.18 F.2). The File Meta Information is kept apart because it is
 * not part of the dataset (PS3.10 §7.1) yet its attributes can be asked for by tag.
 *
 * <p>A third member, {@code "bulk": {"<tag path>": [offset, length]}}, records where each value
 * written as a BulkDataURI lies in the stored file, so {@code GET …/bulk/{tagPath}} can send the
 * bytes with one ranged read instead of re-parsing the header (which, for an S3 blob, would mean
 * fetching it). Deflated files (PS3.5 §A.5) have no file offsets for their values and record none.
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

  /** Writes the stored form for a parsed header; bulk values point at {@code bulkBase/{path}}. */
  public static String build(ParseResult parsed, ByteSource source, String bulkBase)
      throws IOException {
    java.util.Map<String, BulkDataRef> offsets = new java.util.LinkedHashMap<>();
    boolean fileOffsets = !parsed.transferSyntax().deflated();
    DicomJsonWriter writer = new DicomJsonWriter(source, INLINE_BINARY_LIMIT, (path, element) -> {
      if (fileOffsets && element.value() instanceof BulkDataRef ref) {
        offsets.put(path, ref);
      }
      return Optional.of(bulkBase + "/" + path);
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
    for (Map.Entry<String, BulkDataRef> e : offsets.entrySet()) {
      out.name(e.getKey()).beginArray().value(e.getValue().offset()).value(e.getValue().length())
          .endArray();
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
  public JsonObject dataset() {
    return dataset;
  }

  /**
   * The top-level attributes named by {@code tags}, in tag order, as a DICOM JSON object; tags the
   * file does not have are left out, as a selection (like QIDO {@code includefield}) does.
   */
  public JsonObject select(List<Integer> tags) {
    JsonObject out = new JsonObject();
    tags.stream().distinct().sorted(Integer::compareUnsigned).forEach(tag -> {
      String hex = Tag.toHex(tag);
      JsonElement e = rootFor(tag).get(hex);
      if (e != null) {
        out.add(hex, e);
      }
    });
    return out;
  }

  /**
   * One attribute in the form {@code {"tag","keyword","name","vr","Value"|...}}, following the
   * path through sequence items (0-based), or empty when some step is absent.
   */
  public Optional<JsonObject> single(TagPath path) {
    int[] tags = path.tags();
    int[] items = path.items();
    JsonObject current = rootFor(tags[0]);
    for (int i = 0; i < tags.length; i++) {
      JsonElement attr = current.get(Tag.toHex(tags[i]));
      if (attr == null || !attr.isJsonObject()) {
        return Optional.empty();
      }
      if (i == tags.length - 1) {
        return Optional.of(singleForm(tags[i], attr.getAsJsonObject()));
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
  static String describe(TagPath path) {
    String keyword = DICTIONARY.keyword(path.lastTag());
    return path + (keyword.isEmpty() ? "" : " (" + keyword + ")");
  }
}
