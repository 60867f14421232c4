package dev.lightbox.http.dimse;

import dev.lightbox.dicom.net.RemoteAe;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses peer AEs as the command line and {@code LIGHTBOX_DICOM_PEERS} give them: {@code
 * AET=host:port} or {@code AET=host:port@tenant} (tenant {@value DicomPeer#DEFAULT_TENANT} when
 * absent), several separated by commas; an IPv6 host in brackets ({@code AET=[::1]:104}).
 */
public final class DicomPeers {
  private static final String FORM = "AET=host:port[@tenant]";

  private DicomPeers() {}

  /** Every peer of a comma-separated list; blank entries are skipped. */
  public static List<DicomPeer> parseList(String list) {
    List<DicomPeer> out = new ArrayList<>();
    for (String entry : list.split(",")) {
      if (!entry.isBlank()) {
        out.add(parse(entry));
      }
    }
    return out;
  }

  /** One {@code AET=host:port[@tenant]}; IllegalArgumentException naming the entry otherwise. */
  public static DicomPeer parse(String entry) {
    String e = entry.strip();
    int eq = e.indexOf('=');
    String address = e;
    String tenant = DicomPeer.DEFAULT_TENANT;
    int at = e.lastIndexOf('@');
    if (eq > 0 && at > eq) {
      address = e.substring(0, at);
      tenant = e.substring(at + 1).strip();
    }
    int colon = address.lastIndexOf(':');
    if (eq < 1 || colon < eq + 2 || colon == address.length() - 1) {
      throw new IllegalArgumentException("--dicom-peer must be " + FORM + ", got '" + e + "'");
    }
    String host = address.substring(eq + 1, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("--dicom-peer '" + e + "': port is not a number");
    }
    try {
      return new DicomPeer(new RemoteAe(e.substring(0, eq).strip(), host, port), tenant);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("--dicom-peer '" + e + "': " + ex.getMessage());
    }
  }
}
