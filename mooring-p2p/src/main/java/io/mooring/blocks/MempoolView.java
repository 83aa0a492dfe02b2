package io.mooring.blocks;

import io.mooring.wire.primitives.Transaction;
import java.util.List;

/**
 * What compact block reconstruction reads from the mempool (Core's {@code CTxMemPool} as
 * {@code PartiallyDownloadedBlock::InitData} uses it: every transaction, each matched by the short id of its wtxid).
 * Mooring has no mempool yet, so the node passes {@link #EMPTY}; the mempool, when it lands, implements this.
 * Called on the node loop only.
 */
@FunctionalInterface
public interface MempoolView {
    /** A snapshot of the pool's transactions, in any order (Core walks its randomised vector). */
    List<Transaction> transactions();

    /** No mempool: blocks reconstruct from their prefilled transactions and the extra pool only. */
    MempoolView EMPTY = List::of;
}
