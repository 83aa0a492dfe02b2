package io.mooring.coins;

import io.mooring.wire.primitives.TxOut;

import java.util.Objects;

/**
 * One unspent transaction output with the height of the block that created it and whether a coinbase did (Core's
 * {@code Coin}). Spent coins are not represented: a view answers "no coin".
 */
public record Coin(TxOut out, int height, boolean coinbase) {
    public Coin {
        Objects.requireNonNull(out, "out");
        if (height < 0) throw new IllegalArgumentException("height must be >= 0, got " + height);
    }

    /** A rough count of the heap bytes this coin holds, for the cache size limit ({@code -dbcache}). */
    public long dynamicMemoryUsage() {
        // record + TxOut + Bytes wrapper + script array (rounded to 8); measured shapes, not exact for every JVM.
        return 16 + 24 + 16 + 16 + ((out.scriptPubKey().length() + 7L) & ~7L);
    }
}
