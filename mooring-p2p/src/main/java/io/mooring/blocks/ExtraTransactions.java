package io.mooring.blocks;

import io.mooring.wire.primitives.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Core's {@code vExtraTxnForCompact}: a ring of the last {@code -blockreconstructionextratxn} transactions the node
 * saw but does not keep in its mempool (orphans, rejected or replaced transactions), so that a compact block that
 * includes one of them still reconstructs without a round trip. Oldest entries are overwritten first.
 */
public final class ExtraTransactions {
    /** Core's DEFAULT_BLOCK_RECONSTRUCTION_EXTRA_TXN. */
    public static final int DEFAULT_CAPACITY = 100;

    private final Transaction[] ring;
    private int next;
    private int size;

    public ExtraTransactions(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        this.ring = new Transaction[capacity];
    }

    /** Core's AddToCompactExtraTransactions (a capacity of 0 keeps nothing). */
    public void add(Transaction tx) {
        if (ring.length == 0) return;
        ring[next] = tx;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** The kept transactions, oldest first. */
    public List<Transaction> transactions() {
        List<Transaction> out = new ArrayList<>(size);
        int start = size < ring.length ? 0 : next;
        for (int i = 0; i < size; i++) out.add(ring[(start + i) % ring.length]);
        return out;
    }

    public int size() {
        return size;
    }
}
