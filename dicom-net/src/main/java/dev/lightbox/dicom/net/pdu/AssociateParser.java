package dev.lightbox.dicom.net.pdu;

import dev.lightbox.dicom.net.pdu.PduReader.Cursor;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the bodies of A-ASSOCIATE-RQ and -AC (PS3.8 §9.3.2, §9.3.3) and their user information
 * sub-items (PS3.7 Annex D.3.3). Item lengths are checked against the enclosing item before they
 * are read. Unknown items and sub-items are skipped, as PS3.8 §9.3.1 requires; so are extended
 * negotiation and user identity sub-items, whose contents this implementation does not use.
 */
final class AssociateParser {
  private static final int ITEM_APPLICATION_CONTEXT = 0x10;
  private static final int ITEM_PRESENTATION_CONTEXT_RQ = 0x20;
  private static final int ITEM_PRESENTATION_CONTEXT_AC = 0x21;
  private static final int ITEM_ABSTRACT_SYNTAX = 0x30;
  private static final int ITEM_TRANSFER_SYNTAX = 0x40;
  private static final int ITEM_USER_INFORMATION = 0x50;
  private static final int SUB_MAX_LENGTH = 0x51;
  private static final int SUB_IMPLEMENTATION_CLASS_UID = 0x52;
  private static final int SUB_ASYNC_WINDOW = 0x53;
  private static final int SUB_ROLE_SELECTION = 0x54;
  private static final int SUB_IMPLEMENTATION_VERSION = 0x55;
  /** The longest UID (PS3.5 §9.1) with slack for sloppy padding; longer is not a UID. */
  private static final int MAX_UID = 64 + 2;

  private AssociateParser() {}

  static AssociateRequest request(Cursor c) throws PduFormatException {
    Fixed f = fixed(c);
    String context = null;
    List<PresentationContext> contexts = new ArrayList<>();
    UserInformation user = null;
    while (c.remaining() > 0) {
      long itemAt = c.offset();
      int itemType = c.u8();
      c.skip(1);
      int length = subLength(c, itemAt, itemType);
      int saved = c.push(length);
      switch (itemType) {
        case ITEM_APPLICATION_CONTEXT -> context = uid(c, itemAt, length);
        case ITEM_PRESENTATION_CONTEXT_RQ -> contexts.add(proposed(c, itemAt));
        case ITEM_USER_INFORMATION -> user = userInformation(c);
        default -> c.skip(c.remaining());
      }
      c.pop(saved);
    }
    return new AssociateRequest(f.version, f.called, f.calling,
        required(c, context, "Application Context item"), contexts, orDefault(user));
  }

  static AssociateAccept accept(Cursor c) throws PduFormatException {
    Fixed f = fixed(c);
    String context = null;
    List<PresentationContextResult> results = new ArrayList<>();
    UserInformation user = null;
    while (c.remaining() > 0) {
      long itemAt = c.offset();
      int itemType = c.u8();
      c.skip(1);
      int length = subLength(c, itemAt, itemType);
      int saved = c.push(length);
      switch (itemType) {
        case ITEM_APPLICATION_CONTEXT -> context = uid(c, itemAt, length);
        case ITEM_PRESENTATION_CONTEXT_AC -> results.add(result(c, itemAt));
        case ITEM_USER_INFORMATION -> user = userInformation(c);
        default -> c.skip(c.remaining());
      }
      c.pop(saved);
    }
    return new AssociateAccept(f.version, f.called, f.calling,
        required(c, context, "Application Context item"), results, orDefault(user));
  }

  private record Fixed(int version, String called, String calling) {}

  /** Protocol version, reserved, called AE, calling AE, 32 reserved bytes (PS3.8 Table 9-11). */
  private static Fixed fixed(Cursor c) throws PduFormatException {
    int version = c.u16();
    c.skip(2);
    String called = c.ascii(16);
    String calling = c.ascii(16);
    c.skip(32);
    return new Fixed(version, called, calling);
  }

  private static PresentationContext proposed(Cursor c, long itemAt) throws PduFormatException {
    int id = contextId(c, itemAt);
    c.skip(3);
    String abstractSyntax = null;
    List<String> transferSyntaxes = new ArrayList<>(4);
    while (c.remaining() > 0) {
      long subAt = c.offset();
      int subType = c.u8();
      c.skip(1);
      int length = subLength(c, subAt, subType);
      int saved = c.push(length);
      switch (subType) {
        case ITEM_ABSTRACT_SYNTAX -> {
          if (abstractSyntax != null) {
            throw c.error(subAt, Abort.REASON_UNEXPECTED_PDU_PARAMETER,
                "second Abstract Syntax sub-item in presentation context " + id);
          }
          abstractSyntax = uid(c, subAt, length);
        }
        case ITEM_TRANSFER_SYNTAX -> transferSyntaxes.add(uid(c, subAt, length));
        default -> c.skip(c.remaining());
      }
      c.pop(saved);
    }
    if (abstractSyntax == null || transferSyntaxes.isEmpty()) {
      throw c.error(itemAt, Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "presentation context " + id
          + " lacks " + (abstractSyntax == null ? "an Abstract Syntax" : "a Transfer Syntax")
          + " sub-item");
    }
    return new PresentationContext(id, abstractSyntax, transferSyntaxes);
  }

  private static PresentationContextResult result(Cursor c, long itemAt)
      throws PduFormatException {
    int id = contextId(c, itemAt);
    c.skip(1);
    int result = c.u8();
    c.skip(1);
    String transferSyntax = "";
    while (c.remaining() > 0) {
      long subAt = c.offset();
      int subType = c.u8();
      c.skip(1);
      int length = subLength(c, subAt, subType);
      int saved = c.push(length);
      if (subType == ITEM_TRANSFER_SYNTAX) {
        transferSyntax = uid(c, subAt, length);
      } else {
        c.skip(c.remaining());
      }
      c.pop(saved);
    }
    if (result > PresentationContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED) {
      throw c.error(itemAt + 6, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
          "presentation context " + id + " result " + result + " is not defined");
    }
    if (result == PresentationContextResult.ACCEPTANCE && transferSyntax.isEmpty()) {
      throw c.error(itemAt, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
          "accepted presentation context " + id + " names no transfer syntax");
    }
    return new PresentationContextResult(id, result, transferSyntax);
  }

  private static int contextId(Cursor c, long itemAt) throws PduFormatException {
    int id = c.u8();
    if ((id & 1) == 0) {
      throw c.error(itemAt + 4, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
          "presentation context id " + id + " is not odd");
    }
    return id;
  }

  private static UserInformation userInformation(Cursor c) throws PduFormatException {
    long maxLength = 0;
    String implementationUid = "";
    String versionName = "";
    int invoked = 0;
    int performed = 0;
    List<RoleSelection> roles = new ArrayList<>();
    while (c.remaining() > 0) {
      long subAt = c.offset();
      int subType = c.u8();
      c.skip(1);
      int length = subLength(c, subAt, subType);
      int saved = c.push(length);
      switch (subType) {
        case SUB_MAX_LENGTH -> {
          fixedLength(c, subAt, subType, length, 4);
          maxLength = c.u32();
        }
        case SUB_IMPLEMENTATION_CLASS_UID -> implementationUid = uid(c, subAt, length);
        case SUB_ASYNC_WINDOW -> {
          fixedLength(c, subAt, subType, length, 4);
          invoked = c.u16();
          performed = c.u16();
        }
        case SUB_ROLE_SELECTION -> roles.add(role(c, subAt));
        case SUB_IMPLEMENTATION_VERSION -> {
          if (length > 16) {
            throw c.error(subAt + 2, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                "Implementation Version Name of " + length + " bytes exceeds 16");
          }
          versionName = c.ascii(length);
        }
        default -> c.skip(c.remaining());
      }
      c.pop(saved);
    }
    return new UserInformation(maxLength, implementationUid, versionName, invoked, performed,
        roles);
  }

  /** SCP/SCU Role Selection (PS3.7 D.3.3.4): UID length, UID, SCU role, SCP role. */
  private static RoleSelection role(Cursor c, long subAt) throws PduFormatException {
    int uidLength = c.u16();
    if (uidLength > c.remaining() - 2) {
      throw c.error(subAt + 4, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
          "role selection UID length " + uidLength + " exceeds the sub-item");
    }
    String uid = uid(c, subAt, uidLength);
    int scu = c.u8();
    int scp = c.u8();
    c.skip(c.remaining());
    return new RoleSelection(uid, scu == 1, scp == 1);
  }

  private static int subLength(Cursor c, long subAt, int subType) throws PduFormatException {
    int length = c.u16();
    if (length > c.remaining()) {
      throw c.error(subAt + 2, Abort.REASON_INVALID_PDU_PARAMETER_VALUE, String.format(
          "item 0x%02X length %d exceeds the remaining %d bytes", subType, length,
          c.remaining()));
    }
    return length;
  }

  private static void fixedLength(Cursor c, long subAt, int subType, int length, int expected)
      throws PduFormatException {
    if (length != expected) {
      throw c.error(subAt + 2, Abort.REASON_INVALID_PDU_PARAMETER_VALUE, String.format(
          "sub-item 0x%02X length %d, expected %d", subType, length, expected));
    }
  }

  private static String uid(Cursor c, long at, int length) throws PduFormatException {
    if (length > MAX_UID) {
      throw c.error(at, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
          "UID field of " + length + " bytes exceeds 64");
    }
    return c.ascii(length);
  }

  private static <T> T required(Cursor c, T value, String what) throws PduFormatException {
    if (value == null) {
      throw c.error(6, Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "missing " + what);
    }
    return value;
  }

  /** A missing User Information item: unlimited length, unnamed implementation (PS3.7 D.3.3). */
  private static UserInformation orDefault(UserInformation user) {
    return user != null ? user : new UserInformation(0, "", "", 0, 0, List.of());
  }
}
