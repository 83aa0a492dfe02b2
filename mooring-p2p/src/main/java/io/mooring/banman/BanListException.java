package io.mooring.banman;

/**
 * {@code banlist.json} could not be used; Core then logs the reason and "Recreating the banlist database", and the
 * node sets the file aside.
 */
public final class BanListException extends Exception {
    public enum Reason {
        /** No file (Core recreates the list silently). */
        NOT_FOUND,
        /** The file could not be read. */
        IO_ERROR,
        /** Not valid JSON (Core: "... does not contain valid JSON ..."). */
        NOT_JSON,
        /** Valid JSON but not an object, or a duplicate key (Core's ReadSettings errors). */
        NOT_AN_OBJECT,
        /** {@code banned_nets} missing or of the wrong shape (Core: "Cannot parse banlist"). */
        BAD_BANNED_NETS
    }

    private final Reason reason;

    public BanListException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BanListException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
