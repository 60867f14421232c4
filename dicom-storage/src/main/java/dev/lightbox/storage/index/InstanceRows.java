package dev.lightbox.storage.index;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Maps {@link InstanceRecord}s to and from the {@code instances} table's columns. */
final class InstanceRows {

  static final String COLUMNS = "sop_instance_uid, study_instance_uid, series_instance_uid, "
      + "sop_class_uid, transfer_syntax_uid, patient_id, patient_name, study_date, modality, "
      + "pixel_rows, pixel_columns, frame_count, size_bytes, sha256, blob_key, created_at, metadata_json";
  /** Study Date as stored: PS3.5 DA, YYYYMMDD, so text order is date order. */
  static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

  private InstanceRows() {}

  static void bind(PreparedStatement p, InstanceRecord r) throws SQLException {
    p.setString(1, r.sopInstanceUid());
    bindFrom(p, 2, r);
  }

  /** Binds every column after sop_instance_uid starting at parameter {@code i}; returns the next index. */
  static int bindFrom(PreparedStatement p, int i, InstanceRecord r) throws SQLException {
    p.setString(i++, r.studyInstanceUid());
    p.setString(i++, r.seriesInstanceUid());
    p.setString(i++, r.sopClassUid());
    p.setString(i++, r.transferSyntaxUid());
    p.setString(i++, r.patientId());
    p.setString(i++, r.patientName());
    if (r.studyDate().isPresent()) {
      p.setString(i++, DA.format(r.studyDate().get()));
    } else {
      p.setNull(i++, Types.CHAR);
    }
    p.setString(i++, r.modality());
    p.setInt(i++, r.rows());
    p.setInt(i++, r.columns());
    p.setInt(i++, r.frames());
    p.setLong(i++, r.size());
    p.setString(i++, r.sha256());
    p.setString(i++, r.blobKey());
    p.setLong(i++, r.created().toEpochMilli());
    p.setString(i++, r.metadataJson());
    return i;
  }

  static InstanceRecord row(ResultSet rs) throws SQLException {
    String date = rs.getString("study_date");
    return new InstanceRecord(
        rs.getString("sop_instance_uid"),
        rs.getString("study_instance_uid"),
        rs.getString("series_instance_uid"),
        rs.getString("sop_class_uid"),
        rs.getString("transfer_syntax_uid"),
        rs.getString("patient_id"),
        rs.getString("patient_name"),
        date == null ? Optional.empty() : Optional.of(LocalDate.parse(date.strip(), DA)),
        rs.getString("modality"),
        rs.getInt("pixel_rows"),
        rs.getInt("pixel_columns"),
        rs.getInt("frame_count"),
        rs.getLong("size_bytes"),
        rs.getString("sha256").strip(),
        rs.getString("blob_key"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        rs.getString("metadata_json"));
  }
}
