package dev.lightbox.dicom.net;

import dev.lightbox.dicom.net.dimse.Command;
import java.io.InputStream;

/**
 * A DIMSE message as received: its presentation context, its command set, and its data set as a
 * stream of the bytes in the context's transfer syntax (empty when the command says there is none).
 * The stream reads P-DATA-TF PDUs as it goes, so a data set is never held whole; it must be read
 * on the thread that received the message, before the next message.
 */
public record IncomingMessage(AcceptedContext context, Command command, InputStream data) {}
