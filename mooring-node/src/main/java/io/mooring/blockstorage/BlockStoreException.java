package io.mooring.blockstorage;

import java.io.IOException;
import java.util.Objects;

/**
 * A chain-store failure with a {@link Reason} the caller can act on. Core stops with "Error loading block database" or
 * "Failed to read block" in these cases; Mooring's node decides per reason (for {@link Reason#CORRUPTED} it sets the
 * store aside with {@link ChainStore#setAside} and starts from genesis).
 */
public final class BlockStoreException extends IOException {

    /** Why the store failed. */
    public enum Reason {
        /** The index database is damaged: RocksDB reported corruption, or a value failed its CRC32C or layout check. */
        CORRUPTED,
        /** The index database was written for another chain (its stored network magic differs). */
        WRONG_CHAIN,
        /** The index database has a schema version this build does not read. */
        UNSUPPORTED_VERSION,
        /** A block file the index points into does not exist. */
        BLOCK_FILE_MISSING,
        /** The 8 bytes before a block do not start with this chain's magic: the file was overwritten or misaddressed. */
        BLOCK_MAGIC_MISMATCH,
        /** The block file ends before the stored block does. */
        BLOCK_TRUNCATED,
        /** The stored size is larger than Core's MAX_SIZE (32 MiB), or the position cannot hold a block. */
        BLOCK_BAD_SIZE,
        /** The operating system or RocksDB failed for another reason (disk full, permissions, lock held). */
        IO_ERROR
    }

    private final Reason reason;

    public BlockStoreException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public BlockStoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
