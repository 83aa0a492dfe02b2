package io.mooring.validation;

import io.mooring.chain.BlockIndex;

/**
 * What the chain layer tells the rest of the node, as Core's {@code CValidationInterface} and the header-tip
 * notification: called synchronously, in order, from the {@link ChainstateManager} method that caused the change.
 * Listeners must not call back into the manager.
 */
public interface ChainListener {
    /** Core's {@code BlockDisconnected}: {@code block} left the active chain (tip first, down to the fork point). */
    default void blockDisconnected(BlockIndex block) {
    }

    /** Core's {@code BlockConnected}: {@code block} joined the active chain (from the fork point up). */
    default void blockConnected(BlockIndex block) {
    }

    /**
     * Core's {@code UpdatedBlockTip}: the active tip moved to {@code newTip}; {@code forkPoint} is the last block the
     * old and new chains share (the old tip when the chain only grew).
     */
    default void updatedBlockTip(BlockIndex newTip, BlockIndex forkPoint, boolean initialDownload) {
    }

    /**
     * Core's {@code NewPoWValidBlock}: {@code block} passed CheckBlock and ContextualCheckBlock, was stored, and
     * builds on the active tip, outside initial block download. BIP152 lets a node announce such a block to its
     * high-bandwidth compact block peers before it is connected.
     */
    default void newPoWValidBlock(BlockIndex index, io.mooring.wire.primitives.Block block) {
    }

    /** Core's {@code NotifyHeaderTip}: the most-work header changed. */
    /**
     * Core's {@code BlockChecked}: a block was connected to the UTXO set ({@code error} empty) or failed to
     * ({@code error} says why: net_processing punishes the peer that sent it). Only with full validation on.
     */
    default void blockChecked(BlockIndex index, io.mooring.wire.primitives.Block block,
                              java.util.Optional<ValidationError> error) {
    }

    default void newBestHeader(BlockIndex bestHeader) {
    }
}
