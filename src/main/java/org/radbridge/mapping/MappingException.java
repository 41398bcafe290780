package org.radbridge.mapping;

/** A mapping file is missing or wrong: names the file (and the line where known) and the problem. */
public class MappingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    public MappingException(String file, String problem) {
        this(file, 0, problem);
    }

    public MappingException(String file, int line, String problem) {
        super("mapping " + file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    /** 1-based line, 0 when unknown. */
    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
