package dev.lightbox.dicom.net;

import dev.lightbox.dicom.net.pdu.Abort;
import dev.lightbox.dicom.net.pdu.AssociateAccept;
import dev.lightbox.dicom.net.pdu.AssociateReject;
import dev.lightbox.dicom.net.pdu.AssociateRequest;
import dev.lightbox.dicom.net.pdu.Pdu;
import dev.lightbox.dicom.net.pdu.PduFormatException;
import dev.lightbox.dicom.net.pdu.PduLimits;
import dev.lightbox.dicom.net.pdu.PduReader;
import dev.lightbox.dicom.net.pdu.PduType;
import dev.lightbox.dicom.net.pdu.PduWriter;
import dev.lightbox.dicom.net.pdu.PresentationContext;
import dev.lightbox.dicom.net.pdu.RoleSelection;
import dev.lightbox.dicom.net.pdu.UserInformation;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * The requestor (PS3.8 §9.2, states Sta4–Sta6): connects, sends A-ASSOCIATE-RQ and waits up to
 * ARTIM for the answer. The returned association's reader thread serves incoming requests (the
 * C-STOREs of a C-GET) with the given services.
 */
public final class DimseClient {
  private DimseClient() {}

  /**
   * Opens an association.
   *
   * @throws AssociationRejectedException when the acceptor answers A-ASSOCIATE-RJ
   * @throws AssociationAbortedException on A-ABORT, a malformed answer or ARTIM expiry
   */
  public static Association open(RemoteAe remote, String callingAeTitle,
      List<PresentationContext> contexts, List<RoleSelection> roles,
      AssociationOptions options, ServiceRegistry services) throws IOException {
    AeTitles.requireValid(callingAeTitle);
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(remote.host(), remote.port()),
          (int) Math.max(1, options.connectTimeout().toMillis()));
      socket.setSoTimeout((int) Math.max(1, options.artimTimeout().toMillis()));
      PduReader reader = new PduReader(new BufferedInputStream(socket.getInputStream(), 65536),
          new PduLimits(options.maxReceivePduLength(), options.maxAssociatePduLength()));
      PduWriter writer = new PduWriter(new BufferedOutputStream(socket.getOutputStream(), 65536));
      AssociateRequest rq = new AssociateRequest(1, remote.aeTitle(), callingAeTitle,
          AssociateRequest.DICOM_APPLICATION_CONTEXT, contexts,
          new UserInformation(options.maxReceivePduLength(), Implementation.CLASS_UID,
              Implementation.VERSION_NAME, 0, 0, roles));
      writer.write(rq);
      Pdu answer;
      try {
        answer = reader.read();
      } catch (SocketTimeoutException e) {
        throw new TimeoutAbortException("no answer to A-ASSOCIATE-RQ within ARTIM "
            + options.artimTimeout().toMillis() + " ms");
      } catch (PduFormatException e) {
        writer.write(Abort.byProvider(e.abortReason()));
        throw e;
      }
      if (answer instanceof AssociateReject rj) {
        throw new AssociationRejectedException(rj);
      }
      if (answer instanceof Abort a) {
        throw AssociationAbortedException.byPeer(a);
      }
      if (!(answer instanceof AssociateAccept ac)) {
        writer.write(Abort.byProvider(Abort.REASON_UNEXPECTED_PDU));
        throw ProtocolException.unexpectedPdu(PduType.name(answer.type())
            + " in answer to A-ASSOCIATE-RQ");
      }
      Association association = new Association(socket, reader, writer, true, rq, ac, options,
          services);
      association.startReader();
      return association;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }
}
