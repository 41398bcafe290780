package org.radbridge.settings;

/** Invalid configuration: stops start-up with a message naming the property. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String property;

    public ConfigException(String property, String problem) {
        super("invalid configuration: " + property + " " + problem);
        this.property = property;
    }

    public String property() {
        return property;
    }
}
