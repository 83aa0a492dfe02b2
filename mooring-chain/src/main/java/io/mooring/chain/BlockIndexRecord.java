package io.mooring.chain;

import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.util.Objects;

/**
 * One block-index entry as the chain store keeps it, like Core's {@code CDiskBlockIndex}: the header and what the node
 * learned about the block. Chain work is not stored; it is recomputed on load, as Core's {@code LoadBlockIndex} does.
 *
 * @param hash    the block hash (the key; equals {@code header.hash()}, which the store does not recompute on load)
 * @param header  the 80-byte header
 * @param height  height in its chain (genesis 0)
 * @param status  {@link BlockStatus} bits
 * @param txCount transactions in the block, 0 until the block's data has been seen ({@code nTx})
 * @param file    the block file number holding the block, -1 when there is no data ({@code nFile})
 * @param dataPos the byte offset of the block inside that file, -1 when there is no data ({@code nDataPos})
 */
public record BlockIndexRecord(Hash256 hash, BlockHeader header, int height, int status, int txCount, int file,
                               int dataPos) {
    public BlockIndexRecord {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(header, "header");
        if (height < 0) throw new IllegalArgumentException("height must be >= 0, got " + height);
    }
}
