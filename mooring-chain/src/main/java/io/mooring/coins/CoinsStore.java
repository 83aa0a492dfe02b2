package io.mooring.coins;

import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.OutPoint;

import java.util.Map;
import java.util.Optional;

/**
 * A {@link CoinsView} that accepts a batch of changes from a cache above it (Core's {@code CCoinsView::BatchWrite}).
 * The chainstate database and a parent {@link CoinsViewCache} are stores.
 */
public interface CoinsStore extends CoinsView {
    /**
     * Applies {@code changes} (outpoint → the coin now there, or empty where it was spent) and moves the best block to
     * {@code bestBlock}, all or nothing. {@code fresh} names the changed outpoints the child knew the store had never
     * seen unspent (Core's FRESH flag); a store may use it to skip deletions.
     */
    void batchWrite(Map<OutPoint, Optional<Coin>> changes, java.util.Set<OutPoint> fresh, Hash256 bestBlock);
}
