package io.mooring.connman;

import java.time.Instant;
import java.util.Objects;

/**
 * What the outbound policy needs to know about our chain, told by the node on every tick.
 *
 * @param lastTipUpdate       Core's {@code m_last_tip_update}: when the active tip last changed
 * @param blocksInFlight      whether any block download is outstanding (Core's {@code mapBlocksInFlight} non-empty);
 *                            a tip is never called stale while blocks are arriving
 * @param initialSyncFinished Core's {@code m_initial_sync_finished} (first {@code CanDirectFetch}): extra
 *                            block-relay-only peers start only after it
 */
public record OutboundChainState(Instant lastTipUpdate, boolean blocksInFlight, boolean initialSyncFinished) {
    public OutboundChainState {
        Objects.requireNonNull(lastTipUpdate, "lastTipUpdate");
    }

    /**
     * A node without a chain (Mooring before the chain issue): the tip is reported as just updated, so it never looks
     * stale and no extra full-relay peer is tried, and initial sync is never finished, so no extra block-relay-only
     * peer is tried either.
     */
    public static OutboundChainState noChain(Instant now) {
        return new OutboundChainState(now, false, false);
    }
}
