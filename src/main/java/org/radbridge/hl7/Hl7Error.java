package org.radbridge.hl7;

/**
 * A refusal of a received message with what the acknowledgement must say: MSA-1 (AE for content the
 * sender must fix, AR for reasons outside the content), the HL7 table 0357 code, where, and a text. The
 * table of conditions is docs/acknowledgements.md.
 */
public class Hl7Error extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** HL7 table 0357 message error condition codes. */
    public enum Code {
        SEGMENT_SEQUENCE(100, "Segment sequence error"),
        REQUIRED_FIELD_MISSING(101, "Required field missing"),
        DATA_TYPE(102, "Data type error"),
        TABLE_VALUE_NOT_FOUND(103, "Table value not found"),
        VALUE_TOO_LONG(104, "Value too long"),
        UNSUPPORTED_MESSAGE_TYPE(200, "Unsupported message type"),
        UNSUPPORTED_EVENT(201, "Unsupported event code"),
        UNSUPPORTED_PROCESSING_ID(202, "Unsupported processing id"),
        UNSUPPORTED_VERSION(203, "Unsupported version id"),
        UNKNOWN_KEY(204, "Unknown key identifier"),
        DUPLICATE_KEY(205, "Duplicate key identifier"),
        RECORD_LOCKED(206, "Application record locked"),
        INTERNAL_ERROR(207, "Application internal error");

        public final int value;
        public final String text;

        Code(int value, String text) {
            this.value = value;
            this.text = text;
        }
    }

    private final AckCode ackCode;
    private final Code code;
    private final ErrorLocation location;

    public Hl7Error(AckCode ackCode, Code code, ErrorLocation location, String text) {
        super(text);
        this.ackCode = ackCode;
        this.code = code;
        this.location = location;
    }

    /** Content the sender must fix: AE. */
    public static Hl7Error content(Code code, String path, String text) {
        return new Hl7Error(AckCode.AE, code, path == null ? null : ErrorLocation.of(path), text);
    }

    /** Refused for a reason outside the content: AR. */
    public static Hl7Error refused(Code code, String path, String text) {
        return new Hl7Error(AckCode.AR, code, path == null ? null : ErrorLocation.of(path), text);
    }

    public AckCode ackCode() {
        return ackCode;
    }

    public Code code() {
        return code;
    }

    public ErrorLocation location() {
        return location;
    }

    public String text() {
        return getMessage();
    }
}
