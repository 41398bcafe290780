package org.radbridge.fuzz;

/**
 * One parser under fuzzing: {@link #accept} feeds it an input and throws only when the parser misbehaved
 * (the parser's declared refusals are caught inside and are fine). Run through {@link Budget}, which adds
 * the time, allocation and log bounds.
 */
public interface FuzzTarget {

    /** Directory name of its failures and regression inputs. */
    String name();

    void accept(byte[] input) throws Exception;

    /** Bytes the run may allocate per input byte (plus a fixed 64 MiB); transient garbage included. */
    default long allocationPerByte() {
        return 64;
    }
}
