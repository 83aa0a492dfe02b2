package io.mooring.chain;

/**
 * Core's {@code BlockStatus} bits ({@code chain.h}), kept with the same values so a block index written by Mooring
 * reads like Core's: the low three bits are a validity level, the rest are flags.
 */
public final class BlockStatus {
    /** Unused level. */
    public static final int VALID_UNKNOWN = 0;
    /** Parsed, version ok, hash satisfies its claimed PoW, timestamp not in the future ({@code BLOCK_VALID_RESERVED}). */
    public static final int VALID_RESERVED = 1;
    /** All parent headers found, difficulty matches, timestamp past median time, checkpoints ok. */
    public static final int VALID_TREE = 2;
    /** Only the first transaction is a coinbase, merkle root and size checks passed, parents at least TREE. */
    public static final int VALID_TRANSACTIONS = 3;
    /** Outputs do not overspend inputs, no double spends, coinbase output ok (Mooring does not reach this level). */
    public static final int VALID_CHAIN = 4;
    /** Scripts and signatures ok (Mooring does not reach this level). */
    public static final int VALID_SCRIPTS = 5;
    /** Mask of the validity level. */
    public static final int VALID_MASK = 7;
    /** Full block available in the block files. */
    public static final int HAVE_DATA = 8;
    /** Undo data available (unused by Mooring; kept for layout compatibility). */
    public static final int HAVE_UNDO = 16;
    /** The block failed validation. */
    public static final int FAILED_VALID = 32;
    /** Descends from a block that failed validation. */
    public static final int FAILED_CHILD = 64;
    /** Either failure flag. */
    public static final int FAILED_MASK = FAILED_VALID | FAILED_CHILD;

    private BlockStatus() {
    }

    /** The validity level (the low three bits). */
    public static int level(int status) {
        return status & VALID_MASK;
    }

    /** True when neither failure flag is set and the level is at least {@code level}. */
    public static boolean isValid(int status, int level) {
        return (status & FAILED_MASK) == 0 && level(status) >= level;
    }
}
