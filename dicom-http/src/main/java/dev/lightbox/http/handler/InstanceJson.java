package dev.lightbox.http.handler;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lightbox.dicom.io.ParseProblem;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.ingest.IngestOutcome;

/** The instance shapes of DESIGN.md "Response shapes": the upload object and the list item. */
final class InstanceJson {
  private InstanceJson() {}

  static String path(String id) {
    return "/instances/" + id;
  }

  /** List item: the upload shape without status, links and warnings. */
  static JsonObject item(StoredInstance r) {
    JsonObject o = new JsonObject();
    o.addProperty("id", r.sopInstanceUid());
    o.addProperty("sopInstanceUid", r.sopInstanceUid());
    o.addProperty("studyInstanceUid", r.studyInstanceUid());
    o.addProperty("seriesInstanceUid", r.seriesInstanceUid());
    o.addProperty("sopClassUid", r.sopClassUid());
    o.addProperty("transferSyntaxUid", r.transferSyntaxUid());
    o.addProperty("size", r.size());
    o.addProperty("sha256", r.sha256());
    return o;
  }

  /**
   * A listing entry: the item plus the indexed patient/study summary (PatientID, PatientName,
   * StudyDate, Modality, Rows, Columns, frames, created), so a browser can group and label
   * instances without one attribute request each.
   */
  static JsonObject listItem(StoredInstance r) {
    JsonObject o = item(r);
    o.addProperty("patientId", r.patientId());
    o.addProperty("patientName", r.patientName());
    o.addProperty("studyDate", r.studyDate().map(Object::toString).orElse(null));
    o.addProperty("modality", r.modality());
    o.addProperty("rows", r.rows());
    o.addProperty("columns", r.columns());
    o.addProperty("frames", r.frames());
    o.addProperty("created", r.created().toString());
    return o;
  }

  static JsonObject links(String id) {
    JsonObject links = new JsonObject();
    links.addProperty("file", path(id) + "/file");
    links.addProperty("attributes", path(id) + "/attributes");
    links.addProperty("rendered", path(id) + "/rendered");
    return links;
  }

  static JsonObject upload(IngestOutcome result) {
    JsonObject o = item(result.instance());
    o.addProperty("status", result.status().wireName());
    o.add("links", links(result.instance().sopInstanceUid()));
    JsonArray warnings = new JsonArray();
    for (ParseProblem p : result.warnings()) {
      JsonObject w = new JsonObject();
      w.addProperty("tagPath", p.tagPath());
      w.addProperty("offset", p.offset());
      w.addProperty("message", p.message());
      warnings.add(w);
    }
    o.add("warnings", warnings);
    if (result.warningsTruncated()) {
      // Only the first warnings are listed; the count says how many the reader tolerated.
      o.addProperty("warningCount", result.warningCount());
    }
    return o;
  }
}
