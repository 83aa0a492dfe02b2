package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import io.mooring.coins.BlockUndo;
import io.mooring.coins.CoinsViewCache;
import io.mooring.wire.primitives.Block;

import java.io.IOException;

/**
 * What {@link ChainstateManager} needs to connect blocks to the UTXO set, supplied by whoever owns the storage (the
 * node: block files, rev files and the chainstate database; tests and the simulator: memory). Core's
 * {@code Chainstate::CoinsTip()} and the {@code BlockManager} reads and writes around ConnectTip/DisconnectTip.
 */
public interface ChainstateCoins {
    /** The top coins cache, whose best block is the active tip. Blocks are connected in a cache stacked on it. */
    CoinsViewCache coinsTip();

    /** Core's {@code ReadBlock}: the block's bytes as stored when it was accepted. */
    Block readBlock(BlockIndex index) throws IOException;

    /** Core's {@code WriteBlockUndo}: keeps a connected block's undo data (the caller sets HAVE_UNDO). */
    void writeUndo(BlockIndex index, BlockUndo undo) throws IOException;

    /** Core's {@code ReadBlockUndo}. */
    BlockUndo readUndo(BlockIndex index) throws IOException;

    /**
     * Whether this block's scripts must be checked: false only below an assumed-valid block that is in the best
     * header chain (Core's {@code -assumevalid} rules in ConnectBlock).
     */
    boolean checkScripts(BlockIndex index);
}
