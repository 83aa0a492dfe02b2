package io.mooring.netgroup;

/**
 * An asmap file that Core would refuse: empty, or failing Core's {@code SanityCheckAsmap} (the reason says which
 * rule). Core does not start with a bad {@code -asmap}; neither should Mooring.
 */
public final class AsmapException extends Exception {
    private final String source;
    private final String reason;

    public AsmapException(String source, String reason) {
        super("asmap file " + source + " is malformed: " + reason);
        this.source = source;
        this.reason = reason;
    }

    /** Where the data came from (a quoted path, or a description). */
    public String source() {
        return source;
    }

    /** Which of Core's sanity rules failed, e.g. "intersecting jumps at bit 1234". */
    public String reason() {
        return reason;
    }
}
