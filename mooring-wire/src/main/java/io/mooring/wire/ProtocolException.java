package io.mooring.wire;

/**
 * A decoder found bytes that are not a valid protocol object. Checked on purpose: every caller that decodes
 * network input has to decide what a malformed message does to the peer. Decoders never let an unchecked
 * exception escape for bad input; this is the only failure they report.
 */
public final class ProtocolException extends Exception {
    private final ProtocolError error;

    public ProtocolException(ProtocolError error, String detail) {
        super(error.description() + (detail == null || detail.isEmpty() ? "" : ": " + detail), null, false, false);
        this.error = error;
    }

    /**
     * A {@link ProtocolError#MALFORMED} error that wraps an unchecked exception a decoder let slip (a record
     * constructor rejecting a decoded value). The node treats it like any malformed message; tests and fuzzers treat
     * a non-null {@link #getCause()} as a decoder bug.
     */
    public ProtocolException(ProtocolError error, String detail, RuntimeException cause) {
        super(error.description() + (detail == null || detail.isEmpty() ? "" : ": " + detail), cause, false, false);
        this.error = error;
    }

    public ProtocolException(ProtocolError error) {
        this(error, null);
    }

    /** The reason, for mapping to Core's reaction. */
    public ProtocolError error() {
        return error;
    }
}
