package org.radbridge.dicom.net;

import java.util.List;

/**
 * A presentation context (PS3.8 7.1.1.13, 9.3.2.2 and 9.3.3.2): an odd ID, an abstract syntax (SOP Class
 * UID) with proposed transfer syntaxes in the request, or the result and the one chosen transfer syntax
 * in the response.
 *
 * @param id odd number 1..255
 * @param abstractSyntax SOP Class UID (in an A-ASSOCIATE-AC, filled from the matching request)
 * @param transferSyntaxes proposed transfer syntaxes (RQ) or the one accepted (AC)
 * @param result {@link #ACCEPTANCE} or a rejection reason (AC only; 0 in RQ)
 */
public record PresentationContext(int id, String abstractSyntax, List<String> transferSyntaxes, int result) {

    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    public static final int NO_REASON = 2;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    public PresentationContext {
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    /** A proposal for the request. */
    public static PresentationContext proposal(int id, String abstractSyntax, String... transferSyntaxes) {
        return new PresentationContext(id, abstractSyntax, List.of(transferSyntaxes), 0);
    }

    public boolean isAccepted() {
        return result == ACCEPTANCE;
    }

    /** The single transfer syntax of an accepted context. */
    public String transferSyntax() {
        return transferSyntaxes.isEmpty() ? null : transferSyntaxes.get(0);
    }

    public static String resultText(int result) {
        return switch (result) {
            case ACCEPTANCE -> "acceptance";
            case USER_REJECTION -> "user-rejection";
            case NO_REASON -> "no-reason (provider rejection)";
            case ABSTRACT_SYNTAX_NOT_SUPPORTED -> "abstract-syntax-not-supported (provider rejection)";
            case TRANSFER_SYNTAXES_NOT_SUPPORTED -> "transfer-syntaxes-not-supported (provider rejection)";
            default -> "result " + result;
        };
    }
}
