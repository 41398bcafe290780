package org.radbridge.mapping;

/** A mapping file is missing or wrong: names the file and the problem. */
public class MappingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MappingException(String file, String problem) {
        super("mapping " + file + ": " + problem);
    }
}
