package io.mooring.coins;

import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.OutPoint;

import java.util.Optional;

/** Read access to a UTXO set (Core's {@code CCoinsView}): the coin at an outpoint, and the block the set reflects. */
public interface CoinsView {
    /** The unspent coin at {@code outpoint}, or empty if there is none or it is spent. */
    Optional<Coin> getCoin(OutPoint outpoint);

    /** Whether an unspent coin exists at {@code outpoint}. */
    default boolean haveCoin(OutPoint outpoint) {
        return getCoin(outpoint).isPresent();
    }

    /** The hash of the block whose connection produced this state; {@link Hash256#ZERO} for an empty set. */
    Hash256 bestBlock();
}
