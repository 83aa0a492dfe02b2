package io.mooring.addrman;

/** A peers.dat that cannot be used; {@link #kind()} says why (the node sets the file aside on any kind). */
public final class PeersDatException extends Exception {
    public enum Kind {
        /** Shorter than magic + checksum, or the body ended early. */
        TRUNCATED,
        /** The first four bytes are not this network's magic ("Invalid network magic number"). */
        WRONG_MAGIC,
        /** The trailing SHA256d does not match ("Checksum mismatch, data corrupted"). */
        CHECKSUM,
        /** A newer, incompatible format (Core's {@code InvalidAddrManVersionError}): rename to .bak and start afresh. */
        VERSION,
        /** Anything else Core reports as corrupt (compat, counts, consistency check, bad address encodings). */
        CORRUPT,
        /** The file could not be read or written. */
        IO
    }

    private final Kind kind;

    public PeersDatException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PeersDatException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
