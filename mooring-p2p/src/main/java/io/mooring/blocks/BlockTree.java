package io.mooring.blocks;

import io.mooring.headers.HeaderChain;
import io.mooring.wire.primitives.Block;
import java.util.Objects;
import java.util.Optional;

/**
 * What block download and serving need from the chain layer, beyond {@link HeaderChain}: which blocks we hold,
 * processing a downloaded block, and reading a stored one. The node adapts its chain state and block store to this.
 */
public interface BlockTree extends HeaderChain {

    /** The block's data is stored (Core's BLOCK_HAVE_DATA). */
    boolean hasData(Known block);

    /** The block's header is valid to at least BLOCK_VALID_TREE and not marked failed. */
    boolean isValidTree(Known block);

    /** Core's LastCommonAncestor. */
    Known lastCommonAncestor(Known a, Known b);

    /** Segwit is active for a block at {@code height} (witness blocks are then only fetched from witness peers). */
    boolean segwitActiveAt(int height);

    /** What {@link #processNewBlock} did with a block. */
    record BlockResult(boolean newBlock, Optional<Rejection> rejection) {
        public BlockResult {
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    /**
     * Core's ProcessNewBlock: check, store and connect a block. {@code forceProcessing} is true for blocks we asked
     * for; unrequested blocks are only kept when Core's AcceptBlock would keep them.
     */
    BlockResult processNewBlock(Block block, boolean forceProcessing, long nowSeconds);

    /** The stored block, read back from the block files (empty when the data is missing or unreadable). */
    Optional<Block> readBlock(Known block);
}
