package dev.lightbox.dicom.net.pdu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes PDUs (PS3.8 §9.3) onto a connection, flushing after each. Not thread-safe: callers that
 * share a connection serialise their writes.
 */
public final class PduWriter {
  private final OutputStream out;

  public PduWriter(OutputStream out) {
    this.out = out;
  }

  public void write(Pdu pdu) throws IOException {
    if (pdu instanceof PDataTf p) {
      writePData(p);
    } else if (pdu instanceof AssociateRequest rq) {
      writeRaw(PduType.A_ASSOCIATE_RQ, encodeRequest(rq));
    } else if (pdu instanceof AssociateAccept ac) {
      writeRaw(PduType.A_ASSOCIATE_AC, encodeAccept(ac));
    } else if (pdu instanceof AssociateReject rj) {
      writeRaw(PduType.A_ASSOCIATE_RJ,
          new byte[] {0, (byte) rj.result(), (byte) rj.source(), (byte) rj.reason()});
    } else if (pdu instanceof Abort a) {
      writeRaw(PduType.A_ABORT, new byte[] {0, 0, (byte) a.source(), (byte) a.reason()});
    } else {
      // A-RELEASE-RQ and -RP: four reserved bytes (PS3.8 §9.3.6, §9.3.7).
      writeRaw(pdu.type(), new byte[4]);
    }
    out.flush();
  }

  /** The PDU's bytes, header included (tests and the fuzz seeds use this). */
  public static byte[] encode(Pdu pdu) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      new PduWriter(bytes).write(pdu);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
    return bytes.toByteArray();
  }

  private void writePData(PDataTf p) throws IOException {
    writeHeader(PduType.P_DATA_TF, p.length());
    for (Pdv v : p.values()) {
      writeU32(out, 2L + v.data().length);
      out.write(v.contextId());
      out.write(v.controlHeader());
      out.write(v.data());
    }
  }

  private void writeRaw(int type, byte[] body) throws IOException {
    writeHeader(type, body.length);
    out.write(body);
  }

  private void writeHeader(int type, long length) throws IOException {
    out.write(type);
    out.write(0);
    writeU32(out, length);
  }

  private static byte[] encodeRequest(AssociateRequest rq) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(512);
    fixed(b, rq.protocolVersion(), rq.calledAeTitle(), rq.callingAeTitle());
    item(b, 0x10, ascii(rq.applicationContext()));
    for (PresentationContext pc : rq.presentationContexts()) {
      ByteArrayOutputStream sub = new ByteArrayOutputStream(128);
      sub.write(pc.id());
      sub.write(0);
      sub.write(0);
      sub.write(0);
      item(sub, 0x30, ascii(pc.abstractSyntax()));
      for (String ts : pc.transferSyntaxes()) {
        item(sub, 0x40, ascii(ts));
      }
      item(b, 0x20, sub.toByteArray());
    }
    item(b, 0x50, userInformation(rq.userInformation()));
    return b.toByteArray();
  }

  private static byte[] encodeAccept(AssociateAccept ac) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(512);
    fixed(b, ac.protocolVersion(), ac.calledAeTitle(), ac.callingAeTitle());
    item(b, 0x10, ascii(ac.applicationContext()));
    for (PresentationContextResult r : ac.results()) {
      ByteArrayOutputStream sub = new ByteArrayOutputStream(64);
      sub.write(r.id());
      sub.write(0);
      sub.write(r.result());
      sub.write(0);
      item(sub, 0x40, ascii(r.transferSyntax()));
      item(b, 0x21, sub.toByteArray());
    }
    item(b, 0x50, userInformation(ac.userInformation()));
    return b.toByteArray();
  }

  private static void fixed(ByteArrayOutputStream b, int version, String called, String calling) {
    b.write(version >> 8);
    b.write(version);
    b.write(0);
    b.write(0);
    b.writeBytes(aeTitle(called));
    b.writeBytes(aeTitle(calling));
    b.writeBytes(new byte[32]);
  }

  private static byte[] userInformation(UserInformation u) {
    ByteArrayOutputStream sub = new ByteArrayOutputStream(128);
    ByteArrayOutputStream max = new ByteArrayOutputStream(4);
    try {
      writeU32(max, u.maxPduLength());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    item(sub, 0x51, max.toByteArray());
    item(sub, 0x52, ascii(u.implementationClassUid()));
    if (u.hasAsyncWindow()) {
      item(sub, 0x53, new byte[] {(byte) (u.asyncInvoked() >> 8), (byte) u.asyncInvoked(),
          (byte) (u.asyncPerformed() >> 8), (byte) u.asyncPerformed()});
    }
    for (RoleSelection r : u.roleSelections()) {
      byte[] uid = ascii(r.sopClassUid());
      ByteArrayOutputStream role = new ByteArrayOutputStream(uid.length + 4);
      role.write(uid.length >> 8);
      role.write(uid.length);
      role.writeBytes(uid);
      role.write(r.scu() ? 1 : 0);
      role.write(r.scp() ? 1 : 0);
      item(sub, 0x54, role.toByteArray());
    }
    if (!u.implementationVersionName().isEmpty()) {
      item(sub, 0x55, ascii(u.implementationVersionName()));
    }
    return sub.toByteArray();
  }

  private static void item(ByteArrayOutputStream b, int type, byte[] value) {
    if (value.length > 0xFFFF) {
      throw new IllegalArgumentException("item 0x" + Integer.toHexString(type) + " too long");
    }
    b.write(type);
    b.write(0);
    b.write(value.length >> 8);
    b.write(value.length);
    b.writeBytes(value);
  }

  /** An AE title field: 16 bytes, space padded (PS3.8 §9.3.2). */
  private static byte[] aeTitle(String ae) {
    byte[] field = new byte[16];
    java.util.Arrays.fill(field, (byte) ' ');
    byte[] a = ascii(ae);
    System.arraycopy(a, 0, field, 0, Math.min(16, a.length));
    return field;
  }

  /** Byte per char, so whatever the reader decoded is written back unchanged. */
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void writeU32(OutputStream o, long v) throws IOException {
    o.write((int) (v >>> 24));
    o.write((int) (v >>> 16));
    o.write((int) (v >>> 8));
    o.write((int) v);
  }
}
