package io.mooring.validation;

import io.mooring.wire.Hash256;
import java.io.IOException;

/**
 * The stored block index does not describe a tree rooted at this chain's genesis (Core's {@code LoadBlockIndex}
 * failures: the node must not start from it, as Core asks for {@code -reindex}).
 */
public final class BlockIndexCorruptException extends IOException {
    /** What is wrong. */
    public enum Reason {
        /** An entry's header does not hash to its stored hash. */
        HASH_MISMATCH,
        /** An entry's hash does not meet the target its bits claim (Core's "CheckProofOfWork failed"). */
        BAD_PROOF_OF_WORK,
        /** An entry's parent is not in the store. */
        MISSING_PREV,
        /** An entry's height is not its parent's plus one. */
        BAD_HEIGHT,
        /** The height-0 entry is not this chain's genesis. */
        WRONG_GENESIS,
        /** The stored active tip is not in the store, or lacks data. */
        BAD_TIP
    }

    private final Reason reason;
    private final transient Hash256 hash;

    public BlockIndexCorruptException(Reason reason, Hash256 hash, String message) {
        super(message);
        this.reason = reason;
        this.hash = hash;
    }

    public Reason reason() {
        return reason;
    }

    /** The entry at fault. */
    public Hash256 hash() {
        return hash;
    }
}
