package io.mooring.coins;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.TxOut;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Core's coins-cache rules: DIRTY/FRESH bookkeeping, stacked caches and flushes, against a plain map model. */
class CoinsViewCacheTest {
    private static OutPoint op(int n) {
        return new OutPoint(Hash256.fromHex(String.format("%064x", n / 4 + 1)), n % 4);
    }

    private static Coin coin(long value, int height) {
        return new Coin(new TxOut(value, Bytes.fromHex("51")), height, false);
    }

    /** Records what reaches the base, to see which writes a cache saves. */
    static final class RecordingStore implements CoinsStore {
        final MemoryCoinsStore inner = new MemoryCoinsStore();
        int writes;
        Map<OutPoint, Optional<Coin>> lastBatch = Map.of();

        @Override
        public Optional<Coin> getCoin(OutPoint outpoint) {
            return inner.getCoin(outpoint);
        }

        @Override
        public Hash256 bestBlock() {
            return inner.bestBlock();
        }

        @Override
        public void batchWrite(Map<OutPoint, Optional<Coin>> changes, Set<OutPoint> fresh, Hash256 bestBlock) {
            writes++;
            lastBatch = Map.copyOf(changes);
            inner.batchWrite(changes, fresh, bestBlock);
        }
    }

    @Test
    void aCoinCreatedAndSpentInTheCacheNeverReachesTheBase() {
        RecordingStore base = new RecordingStore();
        CoinsViewCache cache = new CoinsViewCache(base);
        cache.addCoin(op(1), coin(5, 1), false);
        assertThat(cache.spendCoin(op(1))).contains(coin(5, 1));
        assertThat(cache.cacheSize()).as("FRESH and spent: forgotten").isZero();
        cache.setBestBlock(Hash256.fromHex("00".repeat(31) + "01"));
        cache.flush();
        assertThat(base.lastBatch).isEmpty();
        assertThat(base.bestBlock()).isEqualTo(Hash256.fromHex("00".repeat(31) + "01"));
    }

    @Test
    void spendingABaseCoinWritesADeletion() {
        RecordingStore base = new RecordingStore();
        base.inner.batchWrite(Map.of(op(2), Optional.of(coin(7, 3))), Set.of(), Hash256.ZERO);
        CoinsViewCache cache = new CoinsViewCache(base);
        assertThat(cache.spendCoin(op(2))).contains(coin(7, 3));
        assertThat(cache.haveCoin(op(2))).isFalse();
        cache.flush();
        assertThat(base.lastBatch).containsEntry(op(2), Optional.empty());
        assertThat(base.inner.size()).isZero();
    }

    @Test
    void overwritingAnUnspentCoinWithoutPermissionIsALogicError() {
        CoinsViewCache cache = new CoinsViewCache(new MemoryCoinsStore());
        cache.addCoin(op(3), coin(1, 1), false);
        assertThatThrownBy(() -> cache.addCoin(op(3), coin(2, 1), false)).isInstanceOf(IllegalStateException.class);
        cache.addCoin(op(3), coin(2, 1), true);
        assertThat(cache.getCoin(op(3))).contains(coin(2, 1));
    }

    @Test
    void unspendableOutputsAreNotStored() {
        CoinsViewCache cache = new CoinsViewCache(new MemoryCoinsStore());
        cache.addCoin(op(4), new Coin(new TxOut(0, Bytes.fromHex("6a0401020304")), 1, false), false);
        assertThat(cache.haveCoin(op(4))).isFalse();
        assertThat(cache.cacheSize()).isZero();
    }

    @Test
    void aReAddedCoinAfterAnUnflushedSpendIsNotFresh() {
        // Core: a spent DIRTY entry has not told the base the coin is gone, so re-adding it must not be FRESH, or a
        // later spend would be forgotten and the base would keep the old coin.
        MemoryCoinsStore base = new MemoryCoinsStore();
        base.batchWrite(Map.of(op(5), Optional.of(coin(1, 1))), Set.of(), Hash256.ZERO);
        CoinsViewCache cache = new CoinsViewCache(base);
        cache.spendCoin(op(5));
        cache.addCoin(op(5), coin(2, 2), false);
        cache.spendCoin(op(5));
        cache.flush();
        assertThat(base.getCoin(op(5))).isEmpty();
    }

    @Test
    void uncacheForgetsOnlyUnchangedEntries() {
        MemoryCoinsStore base = new MemoryCoinsStore();
        base.batchWrite(Map.of(op(6), Optional.of(coin(1, 1))), Set.of(), Hash256.ZERO);
        CoinsViewCache cache = new CoinsViewCache(base);
        cache.getCoin(op(6));
        cache.addCoin(op(7), coin(2, 2), false);
        cache.uncache(op(6));
        cache.uncache(op(7));
        assertThat(cache.cacheSize()).isEqualTo(1);
        assertThat(cache.haveCoinInCache(op(7))).isTrue();
        assertThat(cache.dynamicMemoryUsage()).isPositive();
    }

    /**
     * Core's coins_cache_simulation_test in small: random adds, spends and flushes through three stacked layers must
     * always agree with a plain map of what is unspent.
     */
    @Property(tries = 200)
    void stackedCachesAgreeWithAModel(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int seed) {
        Random rnd = new Random(seed);
        MemoryCoinsStore base = new MemoryCoinsStore();
        CoinsViewCache middle = new CoinsViewCache(base);
        CoinsViewCache top = new CoinsViewCache(middle);
        Map<OutPoint, Coin> model = new HashMap<>();
        int universe = 24;
        for (int step = 0; step < 400; step++) {
            OutPoint o = op(rnd.nextInt(universe));
            int action = rnd.nextInt(100);
            if (action < 40) {
                Coin c = coin(rnd.nextInt(1000), rnd.nextInt(500) + 1);
                boolean exists = model.containsKey(o);
                top.addCoin(o, c, exists || rnd.nextBoolean());
                model.put(o, c);
            } else if (action < 75) {
                assertThat(top.spendCoin(o)).isEqualTo(Optional.ofNullable(model.remove(o)));
            } else if (action < 85) {
                top.flush();
            } else if (action < 90) {
                top.flush();
                middle.flush();
                assertThat(base.snapshot()).isEqualTo(model);
            } else {
                top.uncache(o);
                middle.uncache(o);
            }
            OutPoint probe = op(rnd.nextInt(universe));
            assertThat(top.getCoin(probe)).as("step %d", step).isEqualTo(Optional.ofNullable(model.get(probe)));
        }
        top.flush();
        middle.flush();
        assertThat(base.snapshot()).isEqualTo(model);
    }
}
