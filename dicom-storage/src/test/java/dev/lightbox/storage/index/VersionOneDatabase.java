package dev.lightbox.storage.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes a database as the released schema version 1 left it (001.sql, rows with metadata_json),
 * for the upgrade tests: each row is {sop, study, series, patient id, patient name, study date
 * (or null), modality, rows, created epoch ms}; its metadata document is {"doc":"SOP"}.
 */
final class VersionOneDatabase {

  private VersionOneDatabase() {}

  static void write(Connection c, Dialect dialect, List<String[]> rows) throws Exception {
    Migrations.migrate(c, dialect, "test", 1);
    try (PreparedStatement p = c.prepareStatement("INSERT INTO instances (sop_instance_uid, "
        + "study_instance_uid, series_instance_uid, sop_class_uid, transfer_syntax_uid, patient_id, "
        + "patient_name, study_date, modality, pixel_rows, pixel_columns, frame_count, size_bytes, sha256, "
        + "blob_key, created_at, metadata_json) VALUES (?, ?, ?, '1.2.840.10008.5.1.4.1.1.2', "
        + "'1.2.840.10008.1.2.1', ?, ?, ?, ?, ?, ?, 1, 100, ?, ?, ?, ?)")) {
      int n = 0;
      for (String[] row : rows) {
        String sha = Records.sha(500 + n++);
        p.setString(1, row[0]);
        p.setString(2, row[1]);
        p.setString(3, row[2]);
        p.setString(4, row[3]);
        p.setString(5, row[4]);
        p.setString(6, row[5]);
        p.setString(7, row[6]);
        p.setInt(8, Integer.parseInt(row[7]));
        p.setInt(9, Integer.parseInt(row[7]));
        p.setString(10, sha);
        p.setString(11, Records.keyOf(sha));
        p.setLong(12, Long.parseLong(row[8]));
        p.setString(13, document(row[0]));
        p.executeUpdate();
      }
    }
  }

  static String document(String sop) {
    return "{\"doc\":\"" + sop + "\"}";
  }

  /** The versions recorded in schema_version, in order (each applied migration once). */
  static List<Integer> versions(Connection c) throws SQLException {
    List<Integer> v = new java.util.ArrayList<>();
    try (var s = c.createStatement(); var rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
      while (rs.next()) {
        v.add(rs.getInt(1));
      }
    }
    return v;
  }
}
