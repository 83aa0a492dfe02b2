package io.mooring.blocks;

import io.mooring.wire.primitives.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Core's {@code vExtraTxnForCompact}: a ring of the last {@code -blockreconstructionextratxn} transactions the node
 * saw but does not keep in its mempool (orphans, rejected or replaced transactions), so that a compact block that
 * includes one of them still reconstructs without a round trip. Oldest entries are overwritten first; a capacity of
 * 0 keeps nothing. The ring grows as transactions arrive, so a large capacity costs nothing until it is used.
 */
public final class ExtraTransactions {
    /** Core's DEFAULT_BLOCK_RECONSTRUCTION_EXTRA_TXN. */
    public static final int DEFAULT_BLOCK_RECONSTRUCTION_EXTRA_TXN = 100;
    /** Core clamps {@code -blockreconstructionextratxn} to a uint32. */
    public static final long MAX_CAPACITY = 0xffff_ffffL;

    private final long capacity;
    private final List<Transaction> ring = new ArrayList<>();
    /** Core's vExtraTxnForCompactIt: where the next transaction goes. */
    private long next;

    /** A ring of {@code capacity} transactions (Core's max_extra_txs), 0 to {@link #MAX_CAPACITY}. */
    public ExtraTransactions(long capacity) {
        if (capacity < 0 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be between 0 and " + MAX_CAPACITY + ": " + capacity);
        }
        this.capacity = capacity;
    }

    /** Core's AddToCompactExtraTransactions (a capacity of 0 keeps nothing). */
    public void add(Transaction tx) {
        if (capacity == 0) return;
        if (ring.size() < capacity) {
            ring.add(tx);
        } else {
            ring.set((int) next, tx);
        }
        next = (next + 1) % capacity;
    }

    /** The kept transactions, oldest first. */
    public List<Transaction> transactions() {
        int size = ring.size();
        if (size < capacity) return List.copyOf(ring);
        List<Transaction> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(ring.get((int) ((next + i) % size)));
        return out;
    }

    public int size() {
        return ring.size();
    }

    /** Core's max_extra_txs: how many transactions the ring keeps at most. */
    public long capacity() {
        return capacity;
    }
}
