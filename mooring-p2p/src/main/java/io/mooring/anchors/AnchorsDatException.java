package io.mooring.anchors;

/** Why an {@code anchors.dat} could not be read; {@link #getMessage()} is the text for the log line. */
public final class AnchorsDatException extends Exception {
    /** The kinds of failure, each a reason Core's {@code ReadAnchors} swallows. */
    public enum Reason {
        /** No file (Core's DbNotFoundError). */
        NOT_FOUND,
        /** The file could not be read. */
        IO_ERROR,
        /** The first four bytes are not this chain's magic (Core: "Invalid network magic number"). */
        WRONG_MAGIC,
        /** The stored SHA256d differs (Core: "Checksum mismatch, data corrupted"). */
        BAD_CHECKSUM,
        /** The data end early. */
        TRUNCATED,
        /** Bytes follow the checksum (only {@link AnchorsDat#decode} rejects this; Core's reader ignores them). */
        TRAILING_DATA,
        /** A record's format word is neither v1 nor v2 (Core: "Unsupported CAddress disk format version"). */
        UNSUPPORTED_DISK_FORMAT,
        /** Any other malformed content (non-canonical CompactSize, count above MAX_SIZE, bad address length). */
        MALFORMED
    }

    private final Reason reason;

    public AnchorsDatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AnchorsDatException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
