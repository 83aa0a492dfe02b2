package io.mooring.blockstorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.blockstorage.BlockStoreException.Reason;
import io.mooring.chain.BlockIndexRecord;
import io.mooring.chain.BlockStatus;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BlockTreeDbTest {

    @TempDir
    Path tmp;

    // ---- round trip ----

    @Provide
    Arbitrary<BlockIndexRecord> records() {
        Arbitrary<Hash256> hashes = Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(),
                Arbitraries.longs()).as(Hash256::new);
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFFFFFFL);
        Arbitrary<BlockHeader> headers = Combinators.combine(Arbitraries.integers(), hashes, hashes, u32, u32, u32)
                .as(BlockHeader::new);
        return Combinators.combine(headers, Arbitraries.integers().between(0, 5_000_000),
                        Arbitraries.integers().between(0, 127), Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.integers().between(-1, 99_999), Arbitraries.integers().between(-1, 1 << 27))
                .as((h, height, status, txCount, file, pos) ->
                        new BlockIndexRecord(h.hash(), h, height, status, txCount, file, pos));
    }

    @Property(tries = 25)
    void writtenBatchesReopenToTheSameEntriesAndTip(
            @ForAll("batches") List<List<BlockIndexRecord>> batches) throws Exception {
        Path dir = Files.createTempDirectory("btdb-prop");
        try {
            Map<Hash256, BlockIndexRecord> expected = new HashMap<>();
            Hash256 tip = null;
            try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.MAGIC)) {
                for (List<BlockIndexRecord> batch : batches) {
                    tip = batch.isEmpty() ? Hash256.ZERO : batch.get(batch.size() - 1).hash();
                    db.write(batch, tip);
                    for (BlockIndexRecord r : batch) expected.put(r.hash(), r);
                }
            }
            Map<Hash256, BlockIndexRecord> loaded = new HashMap<>();
            Optional<Hash256> loadedTip;
            try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.MAGIC)) {
                loadedTip = db.load(r -> assertThat(loaded.put(r.hash(), r)).isNull());
            }
            assertThat(loaded).isEqualTo(expected);
            assertThat(loadedTip).isEqualTo(Optional.ofNullable(tip));
        } finally {
            TestChain.deleteTree(dir);
        }
    }

    @Provide
    Arbitrary<List<List<BlockIndexRecord>>> batches() {
        // Later batches replace some earlier entries (same hash, new status and position), as the chain layer does.
        return records().list().ofMaxSize(40).list().ofMinSize(1).ofMaxSize(5).map(bs -> {
            List<List<BlockIndexRecord>> out = new ArrayList<>();
            List<BlockIndexRecord> seen = new ArrayList<>();
            for (List<BlockIndexRecord> b : bs) {
                List<BlockIndexRecord> batch = new ArrayList<>(b);
                if (!seen.isEmpty()) {
                    BlockIndexRecord old = seen.get(b.size() % seen.size());
                    batch.add(new BlockIndexRecord(old.hash(), old.header(), old.height(),
                            old.status() | BlockStatus.HAVE_DATA, old.txCount() + 1, 7, 1234));
                }
                seen.addAll(b);
                out.add(batch);
            }
            return out;
        });
    }

    @Test
    void newStoreLoadsNothingAndNoTip() throws Exception {
        try (BlockTreeDb db = BlockTreeDb.open(tmp.resolve("index"), TestChain.MAGIC)) {
            List<BlockIndexRecord> seen = new ArrayList<>();
            assertThat(db.load(seen::add)).isEmpty();
            assertThat(seen).isEmpty();
            assertThat(db.readLastBlockFile()).isEmpty();
            assertThat(db.readBlockFileInfos()).isEmpty();
        }
    }

    @Test
    void blockFileInfosAndLastFileSurviveReopen() throws Exception {
        Path dir = tmp.resolve("index");
        BlockFileInfo f0 = new BlockFileInfo(3, 924, 0, 2, 1_700_000_000L, 1_700_001_200L);
        BlockFileInfo f1 = new BlockFileInfo(1, 308, 3, 3, 1_700_001_800L, 1_700_001_800L);
        try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.MAGIC)) {
            db.writeBatchSync(Map.of(0, f0, 1, f1), OptionalInt.of(1), List.of(), Hash256.ZERO);
        }
        try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.MAGIC)) {
            assertThat(db.readLastBlockFile()).hasValue(1);
            assertThat(db.readBlockFileInfos()).containsExactlyInAnyOrderEntriesOf(Map.of(0, f0, 1, f1));
        }
    }

    // ---- atomicity ----

    @Test
    void aBatchTornInTheWalIsRecoveredAllOrNothing() throws Exception {
        Path dir = tmp.resolve("index");
        SplittableRandom rnd = new SplittableRandom(7);
        List<BlockIndexRecord> first = chain(Hash256.ZERO, 0, 60, rnd);
        List<BlockIndexRecord> second = chain(first.get(first.size() - 1).hash(), 60, 60, rnd);
        Path crashImage = tmp.resolve("crash-image");
        long afterFirst;
        long afterSecond;
        try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.MAGIC)) {
            db.write(first, first.get(59).hash());
            afterFirst = Files.size(wal(dir));
            db.write(second, second.get(59).hash());
            afterSecond = Files.size(wal(dir));
            // The directory as a crash would leave it: synced writes are in the WAL, nothing flushed to tables.
            copyTree(dir, crashImage);
        }
        assertThat(afterSecond).isGreaterThan(afterFirst + 60L * BlockTreeDb.INDEX_VALUE_BYTES);

        for (long cut : new long[] {afterFirst + 1, (afterFirst + afterSecond) / 2, afterSecond - 1}) {
            Path image = tmp.resolve("torn-" + cut);
            copyTree(crashImage, image);
            try (FileChannel ch = FileChannel.open(wal(image), StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            Map<Hash256, BlockIndexRecord> loaded = new LinkedHashMap<>();
            try (BlockTreeDb db = BlockTreeDb.open(image, TestChain.MAGIC)) {
                assertThat(db.load(r -> loaded.put(r.hash(), r))).as("tip after a cut at %d", cut)
                        .hasValue(first.get(59).hash());
            }
            assertThat(loaded.values()).as("entries after a cut at %d", cut).containsExactlyInAnyOrderElementsOf(first);
        }
        Map<Hash256, BlockIndexRecord> whole = new LinkedHashMap<>();
        try (BlockTreeDb db = BlockTreeDb.open(crashImage, TestChain.MAGIC)) {
            assertThat(db.load(r -> whole.put(r.hash(), r))).hasValue(second.get(59).hash());
        }
        assertThat(whole).hasSize(120);
    }

    // ---- corruption ----

    @Test
    void aFlippedByteInAnEntryIsReportedAsCorruptionNamingTheEntry() throws Exception {
        Path dir = tmp.resolve("index");
        List<BlockIndexRecord> recs = chain(Hash256.ZERO, 0, 20, new SplittableRandom(1));
        try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.MAGIC)) {
            db.write(recs, recs.get(19).hash());
        }
        BlockIndexRecord victim = recs.get(11);
        try (Options o = new Options(); RocksDB raw = RocksDB.open(o, dir.toString())) {
            byte[] key = BlockTreeDb.indexKey(victim.hash());
            byte[] value = raw.get(key);
            value[BlockHeader.SIZE + 1] ^= 0x04; // a bit of the height
            raw.put(key, value);
        }
        try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.MAGIC)) {
            assertThatThrownBy(() -> db.load(r -> { }))
                    .isInstanceOfSatisfying(BlockStoreException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPTED))
                    .hasMessageContaining(victim.hash().toString())
                    .hasMessageContaining("CRC32C");
        }
    }

    @Test
    void aValueOfTheWrongLengthOrACorruptedTipIsCorruption() throws Exception {
        Path dir = tmp.resolve("index");
        List<BlockIndexRecord> recs = chain(Hash256.ZERO, 0, 3, new SplittableRandom(2));
        try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.MAGIC)) {
            db.write(recs, recs.get(2).hash());
        }
        try (Options o = new Options(); RocksDB raw = RocksDB.open(o, dir.toString())) {
            byte[] tip = raw.get(new byte[] {'B'});
            tip[0] ^= 1;
            raw.put(new byte[] {'B'}, tip);
        }
        try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.MAGIC)) {
            assertThatThrownBy(db::readTip).isInstanceOfSatisfying(BlockStoreException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPTED)).hasMessageContaining("'B'");
        }
        try (Options o = new Options(); RocksDB raw = RocksDB.open(o, dir.toString())) {
            raw.put(BlockTreeDb.indexKey(recs.get(0).hash()), new byte[] {1, 2, 3});
        }
        try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.MAGIC)) {
            assertThatThrownBy(() -> db.load(r -> { })).isInstanceOfSatisfying(BlockStoreException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPTED))
                    .hasMessageContaining(recs.get(0).hash().toString()).hasMessageContaining("3 bytes");
        }
    }

    @Test
    void damagedTableFilesAreReportedAsCorruption() throws Exception {
        Path dir = tmp.resolve("index");
        List<BlockIndexRecord> recs = chain(Hash256.ZERO, 0, 2_000, new SplittableRandom(3));
        try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.MAGIC)) {
            db.write(recs, recs.get(1_999).hash());
        }
        try (Options o = new Options(); RocksDB raw = RocksDB.open(o, dir.toString());
             FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
            raw.flush(fo);
        }
        List<Path> tables;
        try (Stream<Path> s = Files.list(dir)) {
            tables = s.filter(p -> p.toString().endsWith(".sst")).toList();
        }
        assertThat(tables).isNotEmpty();
        for (Path t : tables) {
            try (FileChannel ch = FileChannel.open(t, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocate(64);
                ch.read(b, 4096);
                for (int i = 0; i < 64; i++) b.put(i, (byte) ~b.get(i));
                b.rewind();
                ch.write(b, 4096);
            }
        }
        assertThatThrownBy(() -> {
            try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.MAGIC)) {
                db.load(r -> { });
            }
        }).isInstanceOfSatisfying(BlockStoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPTED))
                .hasMessageContaining("RocksDB reports corruption");
    }

    // ---- identity ----

    @Test
    void aStoreOfAnotherChainIsRefused() throws Exception {
        Path dir = tmp.resolve("index");
        try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.OTHER_MAGIC)) {
            db.write(List.of(), Hash256.ZERO);
        }
        assertThatThrownBy(() -> BlockTreeDb.open(dir, TestChain.MAGIC))
                .isInstanceOfSatisfying(BlockStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_CHAIN))
                .hasMessageContaining("another chain").hasMessageContaining("0b110907").hasMessageContaining("f9beb4d9");
        // Refusing leaves the store usable by its own chain.
        try (BlockTreeDb db = BlockTreeDb.open(dir, TestChain.OTHER_MAGIC)) {
            assertThat(db.readTip()).hasValue(Hash256.ZERO);
        }
    }

    @Test
    void anotherSchemaVersionIsRefused() throws Exception {
        Path dir = tmp.resolve("index");
        BlockTreeDb.open(dir, TestChain.MAGIC).close();
        try (Options o = new Options(); RocksDB raw = RocksDB.open(o, dir.toString())) {
            byte[] key = {'V'};
            ByteBuffer v = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            v.putInt(BlockTreeDb.SCHEMA_VERSION + 1).order(ByteOrder.BIG_ENDIAN).putInt(TestChain.MAGIC);
            CRC32C crc = new CRC32C();
            crc.update(key);
            crc.update(v.array(), 0, 8);
            v.order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) crc.getValue());
            raw.put(key, v.array());
        }
        assertThatThrownBy(() -> BlockTreeDb.open(dir, TestChain.MAGIC))
                .isInstanceOfSatisfying(BlockStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION))
                .hasMessageContaining("schema version " + (BlockTreeDb.SCHEMA_VERSION + 1));
    }

    @Test
    void aDatabaseWithoutTheVersionKeyIsNotMistakenForAnEmptyStore() throws Exception {
        Path dir = tmp.resolve("index");
        try (Options o = new Options().setCreateIfMissing(true); RocksDB raw = RocksDB.open(o, dir.toString())) {
            raw.put(new byte[] {'x'}, new byte[] {1});
        }
        assertThatThrownBy(() -> BlockTreeDb.open(dir, TestChain.MAGIC))
                .isInstanceOfSatisfying(BlockStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPTED))
                .hasMessageContaining("no version key");
    }

    // ---- helpers ----

    static List<BlockIndexRecord> chain(Hash256 prev, int fromHeight, int n, SplittableRandom rnd) {
        List<BlockIndexRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BlockHeader h = new BlockHeader(0x20000000, prev, new Hash256(rnd.nextLong(), rnd.nextLong(),
                    rnd.nextLong(), rnd.nextLong()), 1_700_000_000L + i, 0x207FFFFFL, rnd.nextLong() & 0xFFFFFFFFL);
            BlockIndexRecord r = TestChain.headerRecord(h, fromHeight + i);
            out.add(r);
            prev = r.hash();
        }
        return out;
    }

    private static Path wal(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .max(Comparator.comparing(p -> p.getFileName().toString())).orElseThrow();
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals("LOCK")) Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }
}
