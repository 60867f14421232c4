package dev.lightbox.dicom.net.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PDU reader and writer against PS3.8 §9.3: round trips, byte layouts, every refusal. */
class PduReaderTest {
  private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
  private static final String ELE = "1.2.840.10008.1.2.1";
  private static final String ILE = "1.2.840.10008.1.2";

  private static Pdu read(byte[] bytes) throws IOException {
    return new PduReader(new ByteArrayInputStream(bytes), PduLimits.defaults()).read();
  }

  private static PduFormatException refused(byte[] bytes) {
    return assertThrows(PduFormatException.class, () -> read(bytes));
  }

  @Test
  void associateRequestRoundTripsWithRolesAndAsyncWindow() throws Exception {
    AssociateRequest rq = new AssociateRequest(1, "LIGHTBOX", "MODALITY",
        AssociateRequest.DICOM_APPLICATION_CONTEXT,
        List.of(new PresentationContext(1, CT, List.of(ELE, ILE)),
            new PresentationContext(3, "1.2.840.10008.1.1", List.of(ILE))),
        new UserInformation(16384, "1.2.3.4", "VERSION", 3, 1,
            List.of(new RoleSelection(CT, false, true))));
    assertEquals(rq, read(PduWriter.encode(rq)));
  }

  @Test
  void associateAcceptRoundTrips() throws Exception {
    AssociateAccept ac = new AssociateAccept(1, "LIGHTBOX", "MODALITY",
        AssociateRequest.DICOM_APPLICATION_CONTEXT,
        List.of(new PresentationContextResult(1, 0, ELE),
            new PresentationContextResult(3, 3, ILE)),
        new UserInformation(0, "1.2.3.4", "", 0, 0, List.of()));
    assertEquals(ac, read(PduWriter.encode(ac)));
  }

  @Test
  void fixedLengthPdusHaveTheirStandardBytes() throws Exception {
    // PS3.8 Tables 9-21, 9-24, 9-25, 9-26.
    assertArrayEquals(new byte[] {3, 0, 0, 0, 0, 4, 0, 1, 1, 7},
        PduWriter.encode(new AssociateReject(1, 1, 7)));
    assertArrayEquals(new byte[] {5, 0, 0, 0, 0, 4, 0, 0, 0, 0},
        PduWriter.encode(ReleaseRequest.INSTANCE));
    assertArrayEquals(new byte[] {6, 0, 0, 0, 0, 4, 0, 0, 0, 0},
        PduWriter.encode(ReleaseResponse.INSTANCE));
    assertArrayEquals(new byte[] {7, 0, 0, 0, 0, 4, 0, 0, 2, 6},
        PduWriter.encode(Abort.byProvider(6)));
    assertEquals(new AssociateReject(1, 1, 7), read(PduWriter.encode(new AssociateReject(1, 1, 7))));
    assertEquals(Abort.byProvider(6), read(PduWriter.encode(Abort.byProvider(6))));
  }

  @Test
  void pDataCarriesTwoPdvsWithTheirControlHeaders() throws Exception {
    PDataTf p = new PDataTf(List.of(new Pdv(1, true, true, new byte[] {1, 2}),
        new Pdv(1, false, false, new byte[] {3, 4, 5, 6})));
    byte[] bytes = PduWriter.encode(p);
    // PDU length 8 + 10; first item: length 4 = ctx + header + 2 data bytes, header 03.
    assertArrayEquals(new byte[] {4, 0, 0, 0, 0, 18, 0, 0, 0, 4, 1, 3, 1, 2, 0, 0, 0, 6, 1, 0, 3,
        4, 5, 6}, bytes);
    PDataTf back = (PDataTf) read(bytes);
    assertEquals(2, back.values().size());
    assertTrue(back.values().get(0).command() && back.values().get(0).last());
    assertArrayEquals(new byte[] {3, 4, 5, 6}, back.values().get(1).data());
  }

  @Test
  void extendedNegotiationUserIdentityAndUnknownItemsAreSkipped() throws Exception {
    PduBytes body = new PduBytes().associateFixed("LIGHTBOX", "PEER")
        .item(0x10, AssociateRequest.DICOM_APPLICATION_CONTEXT)
        .item(0x20, new PduBytes().u8(1).u8(0).u8(0).u8(0).item(0x30, CT).item(0x40, ELE))
        .item(0x77, new byte[] {1, 2, 3}) // unknown item type (PS3.8 §9.3.1: ignored)
        .item(0x50, new PduBytes().item(0x51, new PduBytes().u32(32768))
            .item(0x52, "1.2.3")
            .item(0x56, new PduBytes().u16(CT.length()).ascii(CT).u8(1)) // SOP class ext.
            .item(0x58, new PduBytes().u8(1).u8(0).u16(4).ascii("user").u16(0)) // identity
            .item(0x55, "V1"));
    AssociateRequest rq = (AssociateRequest) read(PduBytes.pdu(1, body));
    assertEquals(32768, rq.userInformation().maxPduLength());
    assertEquals("1.2.3", rq.userInformation().implementationClassUid());
    assertEquals("V1", rq.userInformation().implementationVersionName());
    assertEquals(List.of(new PresentationContext(1, CT, List.of(ELE))),
        rq.presentationContexts());
  }

  @Test
  void unknownPduTypeIsRefusedNamingTypeAndOffset() {
    PduFormatException e = refused(new byte[] {9, 0, 0, 0, 0, 4, 0, 0, 0, 0});
    assertEquals(Abort.REASON_UNRECOGNIZED_PDU, e.abortReason());
    assertEquals("unknown PDU type 0x09 at stream offset 0, byte 0: not a PDU type of PS3.8"
        + " Table 9-11", e.getMessage());
  }

  @Test
  void pDataLongerThanTheLimitIsRefusedFromItsHeader() {
    PduFormatException e = refused(new byte[] {4, 0, 0x10, 0, 0, 0});
    assertEquals("P-DATA-TF at stream offset 0, byte 2: length 268435456 exceeds the maximum"
        + " 262144 this end accepts", e.getMessage());
    assertEquals(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, e.abortReason());
  }

  @Test
  void pdvLengthsMustFitAndContextIdsMustBeOdd() {
    assertTrue(refused(PduBytes.pdu(4, new PduBytes().u32(1).u8(1).u8(0))).getMessage()
        .contains("PDV item length 1 is shorter than 2"));
    assertTrue(refused(PduBytes.pdu(4, new PduBytes().u32(50).u8(1).u8(3))).getMessage()
        .contains("PDV item length 50 exceeds the remaining 2 bytes"));
    assertTrue(refused(PduBytes.pdu(4, new PduBytes().u32(2).u8(2).u8(3))).getMessage()
        .contains("presentation context id 2 is not odd"));
    assertTrue(refused(PduBytes.pdu(4, new PduBytes().u32(2).u8(1).u8(0x83))).getMessage()
        .contains("reserved bits"));
  }

  @Test
  void fixedLengthPdusMustBeFourBytes() {
    PduFormatException e = refused(new byte[] {5, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0});
    assertEquals("A-RELEASE-RQ at stream offset 0, byte 2: length 6, expected 4", e.getMessage());
  }

  @Test
  void truncatedPduIsRefusedNamingHowFarItGot() {
    byte[] rq = PduWriter.encode(new AssociateRequest(1, "A", "B",
        AssociateRequest.DICOM_APPLICATION_CONTEXT, List.of(),
        new UserInformation(0, "1.2", "", 0, 0, List.of())));
    byte[] cut = java.util.Arrays.copyOf(rq, 40);
    PduFormatException e = refused(cut);
    assertEquals("A-ASSOCIATE-RQ at stream offset 0, byte 40: truncated: connection closed after"
        + " 40 bytes of the PDU", e.getMessage());
  }

  @Test
  void itemsThatOverrunTheirParentAreRefused() {
    PduBytes body = new PduBytes().associateFixed("A", "B").u8(0x10).u8(0).u16(500).ascii("1.2");
    PduFormatException e = refused(PduBytes.pdu(1, body));
    assertEquals("A-ASSOCIATE-RQ at stream offset 0, byte 76: item 0x10 length 500 exceeds the"
        + " remaining 3 bytes", e.getMessage());
  }

  @Test
  void presentationContextWithoutAbstractSyntaxIsRefused() {
    PduBytes body = new PduBytes().associateFixed("A", "B")
        .item(0x10, AssociateRequest.DICOM_APPLICATION_CONTEXT)
        .item(0x20, new PduBytes().u8(1).u8(0).u8(0).u8(0).item(0x40, ELE));
    assertTrue(refused(PduBytes.pdu(1, body)).getMessage()
        .contains("presentation context 1 lacks an Abstract Syntax sub-item"));
  }

  @Test
  void missingApplicationContextIsRefused() {
    PduBytes body = new PduBytes().associateFixed("A", "B");
    assertTrue(refused(PduBytes.pdu(1, body)).getMessage()
        .contains("missing Application Context item"));
  }

  @Test
  void maxLengthSubItemMustBeFourBytesAndRoleUidMustFit() {
    PduBytes wrongMax = new PduBytes().associateFixed("A", "B")
        .item(0x10, AssociateRequest.DICOM_APPLICATION_CONTEXT)
        .item(0x50, new PduBytes().item(0x51, new byte[] {0, 1}));
    assertTrue(refused(PduBytes.pdu(1, wrongMax)).getMessage()
        .contains("sub-item 0x51 length 2, expected 4"));
    PduBytes badRole = new PduBytes().associateFixed("A", "B")
        .item(0x10, AssociateRequest.DICOM_APPLICATION_CONTEXT)
        .item(0x50, new PduBytes().item(0x54, new PduBytes().u16(40).ascii("1.2").u8(1).u8(1)));
    assertTrue(refused(PduBytes.pdu(1, badRole)).getMessage()
        .contains("role selection UID length 40 exceeds the sub-item"));
  }

  @Test
  void cleanCloseBetweenPdusIsEndOfStream() {
    assertThrows(EOFException.class, () -> read(new byte[0]));
  }
}
