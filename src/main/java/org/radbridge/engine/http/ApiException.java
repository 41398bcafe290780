package org.radbridge.engine.http;

/** An error a handler throws to be answered as JSON {"error": ..., "detail": ...} with a status. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String detail;

    public ApiException(int status, String error, String detail) {
        super(error);
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
