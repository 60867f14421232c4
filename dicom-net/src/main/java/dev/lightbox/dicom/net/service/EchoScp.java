package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.DimseService;
import dev.lightbox.dicom.net.IncomingMessage;
import dev.lightbox.dicom.net.dimse.Status;
import java.io.IOException;

/** Verification SOP class SCP (PS3.4 Annex A): every C-ECHO-RQ is answered 0000. */
public final class EchoScp implements DimseService {
  @Override
  public void onRequest(Association association, IncomingMessage request) throws IOException {
    association.respond(request, Status.OK);
  }
}
