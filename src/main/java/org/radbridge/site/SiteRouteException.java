package org.radbridge.site;

/** A site route folder that cannot be used: names the file (and line) and the problem. */
public final class SiteRouteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SiteRouteException(String problem) {
        super("site routes: " + problem);
    }

    public SiteRouteException(String problem, Throwable cause) {
        super("site routes: " + problem, cause);
    }
}
