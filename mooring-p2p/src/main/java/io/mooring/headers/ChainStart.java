package io.mooring.headers;

import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * The block of our own index that a peer's headers branch from, as {@link HeadersSyncState} needs it (Core passes the
 * {@code CBlockIndex} itself; the sync layer takes a snapshot so it never reaches into the chain layer).
 *
 * @param hash           the block hash
 * @param header         its header (bits and time start the difficulty-transition checks)
 * @param height         its height
 * @param chainWork      cumulative work up to and including it
 * @param medianTimePast its median time past (bounds how long an honest chain can be now)
 * @param locator        Core's {@code LocatorEntries} from this block (exponentially spaced, ends at genesis)
 */
public record ChainStart(Hash256 hash, BlockHeader header, int height, BigInteger chainWork, long medianTimePast,
                         List<Hash256> locator) {
    public ChainStart {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(chainWork, "chainWork");
        locator = List.copyOf(locator);
        if (height < 0) throw new IllegalArgumentException("height must be >= 0");
    }
}
