package io.mooring.coins;

import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.OutPoint;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A whole UTXO set in a hash map: the base of a {@link CoinsViewCache} in tests and in the network simulator, where
 * no database is wanted.
 */
public final class MemoryCoinsStore implements CoinsStore {
    private final Map<OutPoint, Coin> coins = new HashMap<>();
    private Hash256 bestBlock = Hash256.ZERO;

    @Override
    public Optional<Coin> getCoin(OutPoint outpoint) {
        return Optional.ofNullable(coins.get(outpoint));
    }

    @Override
    public Hash256 bestBlock() {
        return bestBlock;
    }

    @Override
    public void batchWrite(Map<OutPoint, Optional<Coin>> changes, Set<OutPoint> fresh, Hash256 bestBlock) {
        for (Map.Entry<OutPoint, Optional<Coin>> e : changes.entrySet()) {
            if (e.getValue().isPresent()) {
                coins.put(e.getKey(), e.getValue().get());
            } else {
                coins.remove(e.getKey());
            }
        }
        this.bestBlock = bestBlock;
    }

    /** Number of unspent outputs. */
    public int size() {
        return coins.size();
    }

    /** A copy of the whole set, for comparing states in tests. */
    public Map<OutPoint, Coin> snapshot() {
        return Map.copyOf(coins);
    }
}
