package org.radbridge.dicom.net;

import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.Uids;
import org.radbridge.dicom.VR;

/**
 * DIMSE command sets (PS3.7 9.3 and 10.3, Annex E): command field values and builders for the
 * requests and responses this layer uses. Command sets are always encoded implicit VR little endian.
 */
public final class Dimse {

    public static final int C_STORE_RQ = 0x0001;
    public static final int C_GET_RQ = 0x0010;
    public static final int C_FIND_RQ = 0x0020;
    public static final int C_MOVE_RQ = 0x0021;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int N_EVENT_REPORT_RQ = 0x0100;
    public static final int N_GET_RQ = 0x0110;
    public static final int N_SET_RQ = 0x0120;
    public static final int N_ACTION_RQ = 0x0130;
    public static final int N_CREATE_RQ = 0x0140;
    public static final int N_DELETE_RQ = 0x0150;
    public static final int C_CANCEL_RQ = 0x0FFF;
    /** Set in the command field of every response. */
    public static final int RSP = 0x8000;

    /** Command Data Set Type: no data set (PS3.7 E.1). */
    public static final int NO_DATASET = 0x0101;
    /** Command Data Set Type value written when a data set follows. */
    public static final int DATASET_PRESENT = 0x0000;

    public static final int PRIORITY_MEDIUM = 0;
    public static final int PRIORITY_HIGH = 1;
    public static final int PRIORITY_LOW = 2;

    private Dimse() {
    }

    public static int commandField(Attributes cmd) {
        return cmd.getInt(Tag.CommandField, -1);
    }

    public static boolean isResponse(Attributes cmd) {
        return (commandField(cmd) & RSP) != 0;
    }

    public static boolean hasDataset(Attributes cmd) {
        return cmd.getInt(Tag.CommandDataSetType, NO_DATASET) != NO_DATASET;
    }

    public static int status(Attributes cmd) {
        return cmd.getInt(Tag.Status, -1);
    }

    /** SOP Class UID a request is addressed to: Affected (C-*, N-CREATE, N-EVENT-REPORT) or Requested. */
    public static String sopClassUid(Attributes cmd) {
        String s = cmd.getString(Tag.AffectedSOPClassUID);
        return s != null ? s : cmd.getString(Tag.RequestedSOPClassUID);
    }

    public static String sopInstanceUid(Attributes cmd) {
        String s = cmd.getString(Tag.AffectedSOPInstanceUID);
        return s != null ? s : cmd.getString(Tag.RequestedSOPInstanceUID);
    }

    public static String name(int commandField) {
        String base = switch (commandField & ~RSP) {
            case C_STORE_RQ -> "C-STORE";
            case C_GET_RQ -> "C-GET";
            case C_FIND_RQ -> "C-FIND";
            case C_MOVE_RQ -> "C-MOVE";
            case C_ECHO_RQ -> "C-ECHO";
            case N_EVENT_REPORT_RQ -> "N-EVENT-REPORT";
            case N_GET_RQ -> "N-GET";
            case N_SET_RQ -> "N-SET";
            case N_ACTION_RQ -> "N-ACTION";
            case N_CREATE_RQ -> "N-CREATE";
            case N_DELETE_RQ -> "N-DELETE";
            case C_CANCEL_RQ -> "C-CANCEL";
            default -> String.format("0x%04X", commandField & ~RSP);
        };
        return base + ((commandField & RSP) != 0 ? "-RSP" : "-RQ");
    }

    private static Attributes rq(int field, int msgId) {
        Attributes c = new Attributes();
        c.setInt(Tag.CommandField, VR.US, field);
        c.setInt(Tag.MessageID, VR.US, msgId);
        c.setInt(Tag.CommandDataSetType, VR.US, NO_DATASET);
        return c;
    }

    /** C-ECHO-RQ (PS3.7 9.3.5.1). */
    public static Attributes cEchoRQ(int msgId, String cuid) {
        Attributes c = rq(C_ECHO_RQ, msgId);
        c.setString(Tag.AffectedSOPClassUID, VR.UI, cuid);
        return c;
    }

    /** C-FIND-RQ (PS3.7 9.3.2.1); a data set (the identifier) follows. */
    public static Attributes cFindRQ(int msgId, String cuid, int priority) {
        Attributes c = rq(C_FIND_RQ, msgId);
        c.setString(Tag.AffectedSOPClassUID, VR.UI, cuid);
        c.setInt(Tag.Priority, VR.US, priority);
        c.setInt(Tag.CommandDataSetType, VR.US, DATASET_PRESENT);
        return c;
    }

    /** C-CANCEL-RQ (PS3.7 9.3.2.3) for the request with msgIdBeingCancelled. */
    public static Attributes cCancelRQ(int msgIdBeingCancelled) {
        Attributes c = new Attributes();
        c.setInt(Tag.CommandField, VR.US, C_CANCEL_RQ);
        c.setInt(Tag.MessageIDBeingRespondedTo, VR.US, msgIdBeingCancelled);
        c.setInt(Tag.CommandDataSetType, VR.US, NO_DATASET);
        return c;
    }

    /** N-CREATE-RQ (PS3.7 10.3.5.1); iuid may be null (the SCP then assigns it). */
    public static Attributes nCreateRQ(int msgId, String cuid, String iuid) {
        Attributes c = rq(N_CREATE_RQ, msgId);
        c.setString(Tag.AffectedSOPClassUID, VR.UI, cuid);
        if (iuid != null) {
            c.setString(Tag.AffectedSOPInstanceUID, VR.UI, iuid);
        }
        return c;
    }

    /** N-SET-RQ (PS3.7 10.3.3.1). */
    public static Attributes nSetRQ(int msgId, String cuid, String iuid) {
        Attributes c = rq(N_SET_RQ, msgId);
        c.setString(Tag.RequestedSOPClassUID, VR.UI, cuid);
        c.setString(Tag.RequestedSOPInstanceUID, VR.UI, iuid);
        return c;
    }

    /** N-EVENT-REPORT-RQ (PS3.7 10.3.1.1). */
    public static Attributes nEventReportRQ(int msgId, String cuid, String iuid, int eventTypeId) {
        Attributes c = rq(N_EVENT_REPORT_RQ, msgId);
        c.setString(Tag.AffectedSOPClassUID, VR.UI, cuid);
        c.setString(Tag.AffectedSOPInstanceUID, VR.UI, iuid);
        c.setInt(Tag.EventTypeID, VR.US, eventTypeId);
        return c;
    }

    /**
     * The response to a request (PS3.7 9.3 / 10.3 response fields): command field with the response bit,
     * Message ID Being Responded To, Affected SOP Class/Instance UID taken from the request (an invalid instance
     * UID, PS3.5 9.1, is not echoed: the response then says 0117 why), Status.
     * A data set is announced by {@link #setDataset}.
     */
    public static Attributes response(Attributes rq, int status) {
        Attributes c = new Attributes();
        int field = commandField(rq);
        String cuid = sopClassUid(rq);
        if (cuid != null) {
            c.setString(Tag.AffectedSOPClassUID, VR.UI, cuid);
        }
        c.setInt(Tag.CommandField, VR.US, field | RSP);
        c.setInt(Tag.MessageIDBeingRespondedTo, VR.US, rq.getInt(Tag.MessageID, 0));
        c.setInt(Tag.CommandDataSetType, VR.US, NO_DATASET);
        c.setInt(Tag.Status, VR.US, status);
        String iuid = sopInstanceUid(rq);
        if (iuid != null && field != C_FIND_RQ && field != C_ECHO_RQ && Uids.isValid(iuid)) {
            c.setString(Tag.AffectedSOPInstanceUID, VR.UI, iuid);
        }
        if (field == N_EVENT_REPORT_RQ && rq.contains(Tag.EventTypeID)) {
            c.setInt(Tag.EventTypeID, VR.US, rq.getInt(Tag.EventTypeID, 0));
        }
        return c;
    }

    /** Sets Command Data Set Type for whether a data set follows. */
    public static Attributes setDataset(Attributes cmd, boolean present) {
        cmd.setInt(Tag.CommandDataSetType, VR.US, present ? DATASET_PRESENT : NO_DATASET);
        return cmd;
    }
}
