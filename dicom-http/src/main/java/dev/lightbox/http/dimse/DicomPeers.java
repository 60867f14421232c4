package dev.lightbox.http.dimse;

import dev.lightbox.dicom.net.RemoteAe;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses peer AEs as the command line and {@code LIGHTBOX_DICOM_PEERS} give them: {@code
 * AET=host:port}, several separated by commas; an IPv6 host in brackets ({@code AET=[::1]:104}).
 */
public final class DicomPeers {
  private DicomPeers() {}

  /** Every peer of a comma-separated list; blank entries are skipped. */
  public static List<RemoteAe> parseList(String list) {
    List<RemoteAe> out = new ArrayList<>();
    for (String entry : list.split(",")) {
      if (!entry.isBlank()) {
        out.add(parse(entry));
      }
    }
    return out;
  }

  /** One {@code AET=host:port}; IllegalArgumentException naming the entry otherwise. */
  public static RemoteAe parse(String entry) {
    String e = entry.strip();
    int eq = e.indexOf('=');
    int colon = e.lastIndexOf(':');
    if (eq < 1 || colon < eq + 2 || colon == e.length() - 1) {
      throw new IllegalArgumentException("--dicom-peer must be AET=host:port, got '" + e + "'");
    }
    String host = e.substring(eq + 1, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(e.substring(colon + 1));
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("--dicom-peer '" + e + "': port is not a number");
    }
    try {
      return new RemoteAe(e.substring(0, eq).strip(), host, port);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("--dicom-peer '" + e + "': " + ex.getMessage());
    }
  }
}
