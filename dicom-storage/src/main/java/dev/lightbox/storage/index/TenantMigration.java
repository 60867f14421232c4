package dev.lightbox.storage.index;

import dev.lightbox.storage.index.IndexSchema.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema version 4: tenants (docs/security.md). {@code instances}, {@code studies}, {@code series}
 * and {@code instance_metadata} are keyed by (tenant, UID), so that the same SOP Instance UID can
 * exist independently in two tenants; every row carried over lands in
 * {@link InstanceIndex#DEFAULT_TENANT}, where {@code --auth none} keeps everything.
 *
 * <p>A primary key cannot be changed in place on SQLite, so each table is copied aside (a plain
 * {@code CREATE TABLE AS}, which takes no constraint or index names with it, on both databases),
 * dropped with its indexes, created anew with the tenant and filled from the copy. {@code blob_refs}
 * is unchanged: a blob is shared by content hash across tenants and stays until no tenant refers
 * to it.
 */
final class TenantMigration implements Migration {

  static final int VERSION = IndexSchema.TENANTS_SINCE;
  private static final int BEFORE = VERSION - 1;

  @Override
  public void apply(Connection c, Dialect dialect) throws SQLException {
    List<String> tables = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    for (Table t : Table.values()) {
      tables.add(t.sqlName);
      columns.add(String.join(", ", IndexSchema.columnNames(t, BEFORE)));
    }
    tables.add("instance_metadata");
    columns.add("sop_instance_uid, document");
    try (Statement s = c.createStatement()) {
      for (String table : tables) {
        s.execute("CREATE TABLE " + table + "_v3 AS SELECT * FROM " + table);
        s.execute("DROP TABLE " + table);
      }
      for (String sql : IndexSchema.create(VERSION)) {
        s.execute(sql);
      }
      for (int i = 0; i < tables.size(); i++) {
        s.execute("INSERT INTO " + tables.get(i) + " (tenant, " + columns.get(i) + ") SELECT '"
            + InstanceIndex.DEFAULT_TENANT + "', " + columns.get(i) + " FROM " + tables.get(i) + "_v3");
        s.execute("DROP TABLE " + tables.get(i) + "_v3");
      }
    }
  }
}
