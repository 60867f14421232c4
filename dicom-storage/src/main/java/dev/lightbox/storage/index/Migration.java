package dev.lightbox.storage.index;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/** One numbered schema change, applied by {@link Migrations} inside its transaction. */
interface Migration {

  void apply(Connection c, Dialect dialect) throws SQLException, IOException;
}
