package io.mooring.blockstorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.blockstorage.BlockStoreException.Reason;
import io.mooring.chain.BlockIndexRecord;
import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class ChainStoreTest {

    @TempDir
    Path datadir;

    private final SplittableRandom rnd = new SplittableRandom(5);

    @Test
    void blocksAndTheirEntriesAndFileInfosSurviveReopen() throws Exception {
        List<Block> blocks = new ArrayList<>();
        List<BlockIndexRecord> recs = new ArrayList<>();
        try (ChainStore store = ChainStore.open(datadir, TestChain.MAGIC, 2_000)) {
            assertThat(store.blocksDir()).isEqualTo(datadir.resolve("blocks"));
            Hash256 prev = Hash256.ZERO;
            for (int h = 0; h < 12; h++) {
                Block b = TestChain.block(prev, h, 200, rnd);
                BlockFilePos pos = store.appendBlock(b.serialize(), h);
                blocks.add(b);
                recs.add(TestChain.dataRecord(b, h, pos));
                prev = b.hash();
                if (h % 4 == 3) store.write(recs.subList(h - 3, h + 1), prev);
            }
        }
        assertThat(datadir.resolve("blocks/index")).isDirectory();
        try (ChainStore store = ChainStore.open(datadir, TestChain.MAGIC, 2_000)) {
            Map<Hash256, BlockIndexRecord> loaded = new HashMap<>();
            assertThat(store.load(r -> loaded.put(r.hash(), r))).hasValue(blocks.get(11).hash());
            assertThat(loaded.values()).containsExactlyInAnyOrderElementsOf(recs);
            for (int h = 0; h < 12; h++) {
                assertThat(Block.read(new WireReader(store.readBlock(loaded.get(blocks.get(h).hash())))))
                        .isEqualTo(blocks.get(h));
            }
            int last = store.blockFiles().lastFile();
            assertThat(last).isPositive();
            assertThat(store.blockTreeDb().readLastBlockFile()).hasValue(last);
            Map<Integer, BlockFileInfo> infos = store.blockTreeDb().readBlockFileInfos();
            assertThat(infos).hasSize(last + 1);
            assertThat(infos.values().stream().mapToInt(BlockFileInfo::blocks).sum()).isEqualTo(12);
            for (var e : infos.entrySet()) {
                assertThat(Files.size(store.blockFiles().path(e.getKey()))).isEqualTo(e.getValue().size());
            }
        }
    }

    @Test
    void blocksAppendedButNeverIndexedAreForgottenAndTheirSpaceReused() throws Exception {
        Block a = TestChain.block(Hash256.ZERO, 0, 100, rnd);
        BlockIndexRecord ra;
        try (ChainStore store = ChainStore.open(datadir, TestChain.MAGIC, 1_000_000)) {
            ra = TestChain.dataRecord(a, 0, store.appendBlock(a.serialize(), 0));
            store.write(List.of(ra), a.hash());
            store.appendBlock(TestChain.block(a.hash(), 1, 100, rnd).serialize(), 1);
            store.blockFiles().flush(); // the bytes are durable, the index entry never written
        }
        Block b = TestChain.block(a.hash(), 1, 7, rnd);
        try (ChainStore store = ChainStore.open(datadir, TestChain.MAGIC, 1_000_000)) {
            List<BlockIndexRecord> loaded = new ArrayList<>();
            assertThat(store.load(loaded::add)).hasValue(a.hash());
            assertThat(loaded).containsExactly(ra);
            BlockFilePos pb = store.appendBlock(b.serialize(), 1);
            assertThat(pb.dataPos()).isEqualTo(ra.dataPos() + a.serialize().length + 8);
            assertThat(Block.read(new WireReader(store.readBlock(pb)))).isEqualTo(b);
        }
    }

    @Test
    void aCorruptedStoreIsSetAsideAndAFreshOneOpens() throws Exception {
        Block a = TestChain.block(Hash256.ZERO, 0, 10, rnd);
        try (ChainStore store = ChainStore.open(datadir, TestChain.MAGIC, 1_000_000)) {
            store.write(List.of(TestChain.dataRecord(a, 0, store.appendBlock(a.serialize(), 0))), a.hash());
        }
        try (Options o = new Options(); RocksDB raw = RocksDB.open(o, datadir.resolve("blocks/index").toString())) {
            byte[] key = BlockTreeDb.indexKey(a.hash());
            byte[] v = raw.get(key);
            v[3] ^= 1;
            raw.put(key, v);
        }
        try (ChainStore store = ChainStore.open(datadir, TestChain.MAGIC, 1_000_000)) {
            assertThatThrownBy(() -> store.load(r -> { })).isInstanceOfSatisfying(BlockStoreException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPTED));
        }
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T21:05:09Z"), ZoneOffset.UTC);
        Path aside = ChainStore.setAside(ChainStore.blocksDir(datadir), clock);
        assertThat(aside).isEqualTo(datadir.resolve("blocks.corrupt-20261123T210509Z").toAbsolutePath());
        assertThat(aside.resolve("blk00000.dat")).exists();
        try (ChainStore store = ChainStore.open(datadir, TestChain.MAGIC, 1_000_000)) {
            assertThat(store.load(r -> { })).isEmpty();
        }
        assertThat(ChainStore.setAside(ChainStore.blocksDir(datadir), clock))
                .isEqualTo(datadir.resolve("blocks.corrupt-20261123T210509Z-1").toAbsolutePath());
    }

    @Test
    void aStoreOfAnotherChainIsRefusedAndLeftIntact() throws Exception {
        ChainStore.open(datadir, TestChain.OTHER_MAGIC, 1_000_000).close();
        assertThatThrownBy(() -> ChainStore.open(datadir, TestChain.MAGIC, 1_000_000))
                .isInstanceOfSatisfying(BlockStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_CHAIN));
        ChainStore.open(datadir, TestChain.OTHER_MAGIC, 1_000_000).close();
    }
}
