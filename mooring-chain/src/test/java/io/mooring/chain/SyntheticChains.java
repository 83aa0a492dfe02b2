package io.mooring.chain;

import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.util.ArrayList;
import java.util.List;

/** Trees of index entries without proof of work (BlockIndex links and sums work; it does not validate). */
public final class SyntheticChains {
    private SyntheticChains() {
    }

    public static BlockHeader header(Hash256 prev, long time, long bits, long nonce) {
        return new BlockHeader(4, prev, new Hash256(nonce, time, bits, 7), time, bits, nonce);
    }

    /** A genesis plus {@code length - 1} children, times 600 s apart. */
    public static List<BlockIndex> chain(int length, long bits) {
        List<BlockIndex> out = new ArrayList<>(length);
        BlockHeader g = header(Hash256.ZERO, 1_600_000_000L, bits, 0);
        out.add(BlockIndex.genesis(g.hash(), g));
        extend(out, length - 1, bits, 0);
        return out;
    }

    /** Appends {@code n} children to the last entry of {@code chain}; {@code salt} makes distinct branches. */
    public static void extend(List<BlockIndex> chain, int n, long bits, long salt) {
        for (int i = 0; i < n; i++) {
            BlockIndex prev = chain.getLast();
            BlockHeader h = header(prev.hash(), prev.time() + 600, bits, salt * 1_000_000 + prev.height() + 1);
            chain.add(BlockIndex.child(h.hash(), h, prev));
        }
    }
}
