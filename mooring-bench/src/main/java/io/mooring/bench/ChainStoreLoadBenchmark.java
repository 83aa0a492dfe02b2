package io.mooring.bench;

import io.mooring.blockstorage.BlockTreeDb;
import io.mooring.chain.BlockIndexRecord;
import io.mooring.chain.BlockStatus;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Loading the block index at startup (Core's {@code LoadBlockIndexGuts}): a {@link BlockTreeDb} holding {@code entries}
 * synthetic headers chained by prev hash (written in synced batches of 10,000 in the setup) is opened, iterated and
 * closed once per measurement. {@code openAndLoad} hands each entry to a Blackhole (the store's own cost);
 * {@code openAndLoadIntoMap} builds the hash-to-entry map the chain layer keeps. Target: under 3 s for 1,000,000.
 * The setup prints the database's size on disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class ChainStoreLoadBenchmark {
    static final int MAGIC = 0xF9BEB4D9;

    @Param("1000000")
    int entries;

    Path dir;
    Hash256 tip;

    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = Files.createTempDirectory("mooring-chainstore-bench");
        SplittableRandom rnd = new SplittableRandom(1);
        Hash256 prev = Hash256.ZERO;
        long start = System.nanoTime();
        try (BlockTreeDb db = BlockTreeDb.open(dir, MAGIC)) {
            List<BlockIndexRecord> batch = new ArrayList<>(10_000);
            for (int h = 0; h < entries; h++) {
                BlockHeader header = new BlockHeader(0x20000000, prev,
                        new Hash256(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()),
                        1_231_006_505L + 600L * h, 0x1d00ffffL, rnd.nextLong() & 0xFFFFFFFFL);
                prev = header.hash();
                boolean data = h % 2 == 0;
                batch.add(new BlockIndexRecord(prev, header, h,
                        data ? BlockStatus.VALID_TRANSACTIONS | BlockStatus.HAVE_DATA : BlockStatus.VALID_TREE,
                        data ? 1 + h % 3000 : 0, data ? h / 1000 : -1, data ? 8 + (h % 1000) * 100_000 : -1));
                if (batch.size() == 10_000 || h == entries - 1) {
                    db.write(batch, prev);
                    batch.clear();
                }
            }
        }
        tip = prev;
        System.err.printf("%nChainStoreLoadBenchmark: wrote %,d entries in %.1f s; block index on disk: %,d bytes%n",
                entries, (System.nanoTime() - start) / 1e9, sizeOf(dir));
    }

    @Benchmark
    public Optional<Hash256> openAndLoad(Blackhole bh) throws IOException {
        int[] n = {0};
        Optional<Hash256> loadedTip;
        try (BlockTreeDb db = BlockTreeDb.open(dir, MAGIC)) {
            loadedTip = db.load(r -> {
                bh.consume(r);
                n[0]++;
            });
        }
        BenchmarkBase.check(n[0] == entries && loadedTip.equals(Optional.of(tip)), "every entry and the tip loaded");
        return loadedTip;
    }

    @Benchmark
    public Map<Hash256, BlockIndexRecord> openAndLoadIntoMap() throws IOException {
        Map<Hash256, BlockIndexRecord> index = HashMap.newHashMap(entries);
        try (BlockTreeDb db = BlockTreeDb.open(dir, MAGIC)) {
            db.load(r -> index.put(r.hash(), r));
        }
        BenchmarkBase.check(index.size() == entries && index.containsKey(tip), "every entry and the tip loaded");
        return index;
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}
