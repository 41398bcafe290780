package org.radbridge.console;

/** A group of console pages and actions; {@link ConsoleModule#pageSets} lists them. */
@FunctionalInterface
public interface ConsolePageSet {

    void register(Console console) throws Exception;
}
