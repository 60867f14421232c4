package dev.lightbox.dicom.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.ElementDictionary;
import dev.lightbox.dicom.data.Tag;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * The one-attribute form of the API and the command line: the DICOM JSON attribute object (PS3.18
 * F.2.2: {@code vr} and {@code Value}, {@code InlineBinary} or {@code BulkDataURI}) preceded by
 * {@code tag} (8 hex digits, F.2.1.1), {@code keyword} and {@code name} from the data dictionary:
 * <pre>{"tag": "00080008", "keyword": "ImageType", "name": "Image Type", "vr": "CS",
 *  "Value": ["ORIGINAL", "PRIMARY"]}</pre>
 * Private creators (gggg,0010-00FF) are named {@code PrivateCreator}; other private and unknown tags
 * have an empty keyword and name. Every producer of this form goes through this class.
 */
public final class SingleAttributeJson {
  private static final ElementDictionary DICTIONARY = ElementDictionary.standard();

  private SingleAttributeJson() {}

  /**
   * Streams the form for element {@code e} of {@code owner}; binary values follow {@code json}'s
   * inline threshold and BulkDataURIs, computed for {@code tagPath}.
   */
  public static void write(DicomJsonWriter json, Dataset owner, Element e, String tagPath,
      Writer writer) throws IOException {
    JsonWriter out = new JsonWriter(writer);
    out.setSerializeNulls(true);
    out.beginObject();
    writeIdentity(e.tag(), out);
    json.writeMembers(owner, e, out, tagPath);
    out.endObject();
    out.flush();
  }

  /**
   * The form for an attribute already written as DICOM JSON ({@code {"vr": …, "Value": …}}), e.g.
   * read back from stored metadata; the members of {@code attribute} are copied after the names.
   */
  public static JsonObject of(int tag, JsonObject attribute) {
    JsonObject out = new JsonObject();
    out.addProperty("tag", Tag.toHex(tag));
    out.addProperty("keyword", keyword(tag));
    out.addProperty("name", name(tag));
    for (Map.Entry<String, JsonElement> member : attribute.entrySet()) {
      out.add(member.getKey(), member.getValue());
    }
    return out;
  }

  /** The PS3.6 keyword, {@code PrivateCreator} for private creators, else empty. */
  public static String keyword(int tag) {
    return Tag.isPrivateCreator(tag) ? "PrivateCreator" : DICTIONARY.keyword(tag);
  }

  /** The PS3.6 name, {@code Private Creator} for private creators, else empty. */
  public static String name(int tag) {
    return Tag.isPrivateCreator(tag) ? "Private Creator" : DICTIONARY.name(tag);
  }

  private static void writeIdentity(int tag, JsonWriter out) throws IOException {
    out.name("tag").value(Tag.toHex(tag));
    out.name("keyword").value(keyword(tag));
    out.name("name").value(name(tag));
  }
}
