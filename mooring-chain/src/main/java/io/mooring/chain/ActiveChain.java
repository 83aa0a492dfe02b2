package io.mooring.chain;

import io.mooring.wire.Hash256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One chain of the block tree indexed by height, Core's {@code CChain}: the active chain (genesis to tip) with O(1)
 * lookup by height and membership. Not thread-safe; the chain layer owns it.
 */
public final class ActiveChain {
    /** Core's {@code MAX_LOCATOR_SZ} (net_processing.cpp): the most entries a peer may send in a locator. */
    public static final int MAX_LOCATOR_SZ = 101;

    private BlockIndex[] chain = new BlockIndex[0];
    private int size;

    /** The block at {@code height}, or null when the chain is not that high (or height is negative). */
    public BlockIndex get(int height) {
        return height < 0 || height >= size ? null : chain[height];
    }

    /** The genesis block, or null when the chain is empty. */
    public BlockIndex genesis() {
        return size > 0 ? chain[0] : null;
    }

    /** The tip, or null when the chain is empty. */
    public BlockIndex tip() {
        return size > 0 ? chain[size - 1] : null;
    }

    /** Core's {@code Height()}: the tip's height, -1 when empty. */
    public int height() {
        return size - 1;
    }

    /** Core's {@code Contains}: the block is in this chain. */
    public boolean contains(BlockIndex index) {
        return index != null && get(index.height()) == index;
    }

    /** Core's {@code Next}: the successor of a block in this chain, or null (not in it, or the tip). */
    public BlockIndex next(BlockIndex index) {
        return contains(index) ? get(index.height() + 1) : null;
    }

    /**
     * Core's {@code SetTip}: makes {@code tip} the tip, rewinding or extending as needed; only entries that differ are
     * rewritten (walking back until the chain already holds the block at that height). Null empties the chain.
     */
    public void setTip(BlockIndex tip) {
        if (tip == null) {
            Arrays.fill(chain, 0, size, null);
            size = 0;
            return;
        }
        int newSize = tip.height() + 1;
        if (newSize > chain.length) {
            chain = Arrays.copyOf(chain, Math.max(newSize, chain.length + (chain.length >> 1) + 16));
        }
        if (newSize < size) Arrays.fill(chain, newSize, size, null);
        size = newSize;
        for (BlockIndex i = tip; i != null && chain[i.height()] != i; i = i.prev()) {
            chain[i.height()] = i;
        }
    }

    /** Core's {@code FindFork}: the last block of this chain that {@code index} descends from (or is); null if none. */
    public BlockIndex findFork(BlockIndex index) {
        if (index == null) return null;
        if (index.height() > height()) index = index.getAncestor(height());
        while (index != null && !contains(index)) index = index.prev();
        return index;
    }

    /**
     * Core's {@code LocatorEntries}/{@code GetLocator}: hashes from {@code index} back to the genesis, the step back
     * is one block until the 11th entry is added (so the first twelve entries are consecutive), then doubles at each
     * entry, and the genesis always ends the list. The length depends only on the height: at most {@value #MAX_LOCATOR_SZ} (Core's {@code MAX_LOCATOR_SZ}) for any height up to 2<sup>90</sup> + 9, and at
     * most 42 for any height an int can hold. Empty for null.
     */
    public static List<Hash256> locator(BlockIndex index) {
        List<Hash256> have = new ArrayList<>(32);
        int step = 1;
        while (index != null) {
            have.add(index.hash());
            if (index.height() == 0) break;
            // Exponentially larger steps back, plus the genesis block (the skip list keeps each step O(log n)).
            int h = Math.max(index.height() - step, 0);
            index = index.getAncestor(h);
            if (have.size() > 10) step *= 2;
        }
        return have;
    }

    /** The locator of this chain's tip (Core's {@code CChain::GetLocator}). */
    public List<Hash256> locator() {
        return locator(tip());
    }
}
