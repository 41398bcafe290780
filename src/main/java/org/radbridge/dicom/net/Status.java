package org.radbridge.dicom.net;

/**
 * DIMSE status codes (PS3.7 Annex C; service-specific codes from PS3.4).
 */
public final class Status {

    public static final int SUCCESS = 0x0000;
    public static final int PENDING = 0xFF00;
    /** C-FIND pending: one or more Optional Keys were not supported (PS3.4 C.4.1.1.4). */
    public static final int PENDING_WARNING = 0xFF01;
    public static final int CANCEL = 0xFE00;

    public static final int ATTRIBUTE_LIST_ERROR = 0x0107;
    public static final int ATTRIBUTE_VALUE_OUT_OF_RANGE = 0x0116;
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    public static final int CLASS_INSTANCE_CONFLICT = 0x0119;
    public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    public static final int DUPLICATE_INVOCATION = 0x0210;
    public static final int INVALID_ARGUMENT_VALUE = 0x0115;
    public static final int INVALID_ATTRIBUTE_VALUE = 0x0106;
    public static final int INVALID_OBJECT_INSTANCE = 0x0117;
    public static final int MISSING_ATTRIBUTE = 0x0120;
    public static final int MISSING_ATTRIBUTE_VALUE = 0x0121;
    public static final int MISTYPED_ARGUMENT = 0x0212;
    public static final int NO_SUCH_ATTRIBUTE = 0x0105;
    public static final int NO_SUCH_EVENT_TYPE = 0x0113;
    public static final int NO_SUCH_OBJECT_INSTANCE = 0x0112;
    public static final int NOT_AUTHORIZED = 0x0124;
    public static final int PROCESSING_FAILURE = 0x0110;
    public static final int RESOURCE_LIMITATION = 0x0213;
    public static final int UNRECOGNIZED_OPERATION = 0x0211;
    /** C-FIND: Refused, out of resources (PS3.4 C.4.1.1.4). */
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** C-FIND: Identifier does not match SOP Class. */
    public static final int IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    /** C-FIND: Unable to process (Cxxx). */
    public static final int UNABLE_TO_PROCESS = 0xC000;
    /** MPPS (PS3.4 F.7.2.2): Performed Procedure Step Object may no longer be updated. */
    public static final int MPPS_NO_LONGER_UPDATABLE = 0xA710;

    private Status() {
    }

    public static boolean isPending(int status) {
        return status == PENDING || status == PENDING_WARNING;
    }

    /** Warning statuses: 0001, Bxxx, 0107, 0116 (PS3.7 C.3). */
    public static boolean isWarning(int status) {
        return status == 0x0001 || (status & 0xF000) == 0xB000 || status == ATTRIBUTE_LIST_ERROR
                || status == ATTRIBUTE_VALUE_OUT_OF_RANGE;
    }

    public static String toString(int status) {
        String s = String.format("%04X", status);
        return switch (status) {
            case SUCCESS -> s + " (Success)";
            case PENDING, PENDING_WARNING -> s + " (Pending)";
            case CANCEL -> s + " (Cancel)";
            default -> s + (isWarning(status) ? " (Warning)" : " (Failure)");
        };
    }
}
