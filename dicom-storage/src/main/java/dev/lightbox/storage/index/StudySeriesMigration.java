package dev.lightbox.storage.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema version 2: the study/series/instance model generated from {@link IndexedAttribute}.
 * Rebuilds {@code instances} without {@code metadata_json} (moved to {@code instance_metadata}),
 * carries the version-1 query columns over, creates and back-fills {@code studies} and
 * {@code series}, and leaves every carried-over row at {@code index_version} 1, so that the
 * service re-extracts the attributes version 1 did not keep ({@link InstanceIndex#staleInstances}).
 */
final class StudySeriesMigration implements Migration {

  static final int VERSION = 2;
  private static final List<String> V1_INDEXES = List.of("instances_order", "instances_patient",
      "instances_study", "instances_series", "instances_modality", "instances_study_date", "instances_blob");

  @Override
  public void apply(Connection c, Dialect dialect) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String index : V1_INDEXES) {
        s.execute("DROP INDEX " + index);
      }
      s.execute("ALTER TABLE instances RENAME TO instances_v1");
      for (String sql : IndexSchema.create(VERSION)) {
        s.execute(sql);
      }
      s.execute("INSERT INTO instance_metadata (sop_instance_uid, document) "
          + "SELECT sop_instance_uid, metadata_json FROM instances_v1");
      // Version 1 kept "" and 0 for absent values and unbounded text; version 2 keeps NULL and
      // the declared maximum lengths.
      s.execute("INSERT INTO instances (sop_instance_uid, study_instance_uid, series_instance_uid, "
          + "sop_class_uid, transfer_syntax_uid, size_bytes, sha256, blob_key, created_at, index_version, "
          + "patient_id, patient_name, study_date, modality, pixel_rows, pixel_columns, frame_count) "
          + "SELECT sop_instance_uid, study_instance_uid, series_instance_uid, sop_class_uid, "
          + "transfer_syntax_uid, size_bytes, sha256, blob_key, created_at, 1, "
          + "NULLIF(SUBSTR(patient_id, 1, " + IndexedAttribute.PATIENT_ID.maxLength() + "), ''), "
          + "NULLIF(SUBSTR(patient_name, 1, " + IndexedAttribute.PATIENT_NAME.maxLength() + "), ''), "
          + "study_date, NULLIF(SUBSTR(modality, 1, " + IndexedAttribute.MODALITY.maxLength() + "), ''), "
          + "NULLIF(pixel_rows, 0), NULLIF(pixel_columns, 0), NULLIF(frame_count, 0) FROM instances_v1");
      s.execute("DROP TABLE instances_v1");
    }
    List<String> studies = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT study_instance_uid FROM instances");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        studies.add(rs.getString(1));
      }
    }
    Hierarchy hierarchy = new Hierarchy(dialect, VERSION, false);
    for (String study : studies) {
      hierarchy.rebuild(c, InstanceIndex.DEFAULT_TENANT, study); // no tenants before version 4
    }
  }
}
