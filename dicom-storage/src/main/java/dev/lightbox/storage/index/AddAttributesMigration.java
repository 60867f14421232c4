package dev.lightbox.storage.index;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The migration for a schema version that only adds supplied attributes: the columns (and
 * indexes) of every {@link IndexedAttribute} declared with {@code since == version}. Rows already
 * stored keep their older {@code index_version}, so the service re-indexes them from their
 * metadata documents ({@link InstanceIndex#staleInstances}, {@link InstanceIndex#reindex}).
 */
final class AddAttributesMigration implements Migration {

  private final int version;

  AddAttributesMigration(int version) {
    this.version = version;
  }

  @Override
  public void apply(Connection c, Dialect dialect) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (IndexedAttribute a : IndexedAttribute.values()) {
        if (a.since() == version) {
          if (a.computed()) {
            throw new IllegalStateException(a.describe() + " is computed; it needs its own migration");
          }
          for (String sql : IndexSchema.addAttribute(a)) {
            s.execute(sql);
          }
        }
      }
    }
  }
}
