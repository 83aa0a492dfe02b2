package io.mooring.txdb;

import io.mooring.blockstorage.BlockStoreException;
import io.mooring.coins.Coin;
import io.mooring.coins.CoinsViewCache;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.TxOut;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoinsViewDbTest {
    private static final int MAGIC = 0xfabfb5da;
    @TempDir
    Path dir;

    private static OutPoint op(int n) {
        return new OutPoint(Hash256.fromHex(String.format("%064x", n + 1)), n);
    }

    private static Coin coin(long v, int h) {
        return new Coin(new TxOut(v, Bytes.fromHex("76a914816115944e077fe7c803cfa57f29b36bf87c1d3588ac")), h, h % 2 == 0);
    }

    @Test
    void flushedCoinsAndTheBestBlockSurviveAReopen() throws Exception {
        Hash256 best = Hash256.fromHex("00".repeat(31) + "07");
        try (CoinsViewDb db = CoinsViewDb.open(dir, MAGIC, 1 << 20)) {
            assertThat(db.bestBlock()).isEqualTo(Hash256.ZERO);
            CoinsViewCache cache = new CoinsViewCache(db);
            for (int i = 0; i < 50; i++) cache.addCoin(op(i), coin(1000 + i, i + 1), false);
            cache.setBestBlock(best);
            cache.flush();
            CoinsViewCache second = new CoinsViewCache(db);
            second.spendCoin(op(3));
            second.setBestBlock(best);
            second.flush();
        }
        try (CoinsViewDb db = CoinsViewDb.open(dir, MAGIC, 1 << 20)) {
            assertThat(db.bestBlock()).isEqualTo(best);
            assertThat(db.countCoins()).isEqualTo(49);
            assertThat(db.getCoin(op(10))).contains(coin(1010, 11));
            assertThat(db.getCoin(op(3))).isEmpty();
        }
    }

    @Test
    void keysFollowCoresCoinLayout() {
        // 'C' + txid in internal byte order + VARINT(index): index 0x80 is VARINT 80 00.
        byte[] key = CoinsViewDb.coinKey(new OutPoint(Hash256.fromHex("00".repeat(31) + "01"), 0x80));
        assertThat(key).hasSize(1 + 32 + 2);
        assertThat(key[0]).isEqualTo((byte) 'C');
        assertThat(key[1]).isEqualTo((byte) 1);
        assertThat(key[33]).isEqualTo((byte) 0x80);
        assertThat(key[34]).isEqualTo((byte) 0x00);
    }

    @Test
    void aDamagedCoinIsReportedAsCorruption() throws Exception {
        try (CoinsViewDb db = CoinsViewDb.open(dir, MAGIC, 1 << 20)) {
            db.putRawForTest(op(1), new byte[]{1, 2, 3, 4, 5, 6});
            assertThatThrownBy(() -> db.getCoin(op(1))).isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(BlockStoreException.class)
                    .satisfies(e -> assertThat(((BlockStoreException) e.getCause()).reason())
                            .isEqualTo(BlockStoreException.Reason.CORRUPTED));
        }
    }

    @Test
    void anotherChainsChainstateIsRefused() throws Exception {
        CoinsViewDb.open(dir, MAGIC, 1 << 20).close();
        assertThatThrownBy(() -> CoinsViewDb.open(dir, 0x0b110907, 1 << 20)).isInstanceOf(BlockStoreException.class)
                .satisfies(e -> assertThat(((BlockStoreException) e).reason())
                        .isEqualTo(BlockStoreException.Reason.WRONG_CHAIN));
    }
}
