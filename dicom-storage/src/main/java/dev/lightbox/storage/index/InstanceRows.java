package dev.lightbox.storage.index;

import dev.lightbox.storage.index.IndexSchema.Table;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Maps {@link InstanceRecord}s to and from the {@code instances} table. */
final class InstanceRows {

  /** Attribute columns of the current declaration (identity columns excluded). */
  static final List<IndexedAttribute> ATTRIBUTES =
      IndexSchema.attributes(Table.INSTANCES, IndexedAttribute.DECLARATION_VERSION);
  static final String COLUMNS = "sop_instance_uid, study_instance_uid, series_instance_uid, "
      + "sop_class_uid, transfer_syntax_uid, size_bytes, sha256, blob_key, created_at, index_version, "
      + ColumnValues.names(Table.INSTANCES, ATTRIBUTES);
  static final String INSERT = "INSERT INTO instances (tenant, " + COLUMNS + ") VALUES ("
      + "?, ".repeat(11 + ColumnValues.count(Table.INSTANCES, ATTRIBUTES) - 1)
      + "?) ON CONFLICT (tenant, sop_instance_uid) DO NOTHING";

  private InstanceRows() {}

  static void bindInsert(PreparedStatement p, String tenant, InstanceRecord r) throws SQLException {
    p.setString(1, tenant);
    p.setString(2, r.sopInstanceUid());
    p.setString(3, r.studyInstanceUid());
    p.setString(4, r.seriesInstanceUid());
    p.setString(5, r.sopClassUid());
    p.setString(6, r.transferSyntaxUid());
    p.setLong(7, r.size());
    p.setString(8, r.sha256());
    p.setString(9, r.blobKey());
    p.setLong(10, r.created().toEpochMilli());
    p.setInt(11, IndexedAttribute.DECLARATION_VERSION);
    ColumnValues.bind(p, 12, Table.INSTANCES, ATTRIBUTES, r.values());
  }

  static InstanceRecord row(ResultSet rs) throws SQLException {
    AttributeValues.Builder values = AttributeValues.builder()
        .put(IndexedAttribute.SOP_INSTANCE_UID, rs.getString("sop_instance_uid"))
        .put(IndexedAttribute.STUDY_INSTANCE_UID, rs.getString("study_instance_uid"))
        .put(IndexedAttribute.SERIES_INSTANCE_UID, rs.getString("series_instance_uid"))
        .put(IndexedAttribute.SOP_CLASS_UID, rs.getString("sop_class_uid"));
    ColumnValues.read(rs, ATTRIBUTES, values);
    return new InstanceRecord(
        rs.getString("sop_instance_uid"),
        rs.getString("study_instance_uid"),
        rs.getString("series_instance_uid"),
        rs.getString("sop_class_uid"),
        rs.getString("transfer_syntax_uid"),
        rs.getLong("size_bytes"),
        rs.getString("sha256").strip(),
        rs.getString("blob_key"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        values.buildTrusted());
  }
}
