package dev.lightbox.storage.index;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A bundled SQL script, the same for both databases. Statements are separated by a semicolon at
 * the end of a line; lines starting with {@code --} are comments.
 */
final class SqlScriptMigration implements Migration {

  private static final String BASE = "/dev/lightbox/storage/index/migrations/";
  private final String name;

  SqlScriptMigration(String name) {
    this.name = name;
  }

  @Override
  public void apply(Connection c, Dialect dialect) throws SQLException, IOException {
    String script;
    try (InputStream in = SqlScriptMigration.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IOException("bundled migration " + name + " is missing");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Statement s = c.createStatement()) {
      for (String sql : statements(script)) {
        s.execute(sql);
      }
    }
  }

  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.startsWith("--") || t.isEmpty()) {
        continue;
      }
      cur.append(line).append('\n');
      if (t.endsWith(";")) {
        String sql = cur.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }
}
