package io.mooring.bench;

import io.mooring.blockstorage.ChainStore;
import io.mooring.chain.BlockIndexRecord;
import io.mooring.chain.BlockStatus;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.chain.Pow;
import io.mooring.validation.ChainstateManager;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

/**
 * The node's startup path for the block index (issue 6 target: 1,000,000 headers in under 3 s): open the real
 * {@link ChainStore} (RocksDB + block files) and {@link ChainstateManager#load} it — every entry read and checked
 * (hash, proof of work, parent, height), chain work and skip pointers rebuilt, best header and active chain set.
 * The setup writes a regtest header chain of {@code headers} entries (valid proof of work) through the store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class ChainstateLoadBenchmark {
    @Param("1000000")
    int headers;

    final ChainParams regtest = ChainParamsLoader.builtIn("regtest");
    Path datadir;
    Hash256 tip;

    @Setup(Level.Trial)
    public void write() throws IOException {
        datadir = Files.createTempDirectory("mooring-chainstate-bench");
        long start = System.nanoTime();
        try (ChainStore store = ChainStore.open(datadir, regtest)) {
            Hash256 prev = regtest.genesisHash();
            long time = regtest.genesisHeader().time();
            List<BlockIndexRecord> batch = new ArrayList<>(10_000);
            // The genesis as the chain layer stores it: with its data (kept in the chain parameters, no file position).
            batch.add(new ChainstateManager(regtest).lookup(prev).toRecord());
            for (int h = 1; h <= headers; h++) {
                BlockHeader header;
                long nonce = 0;
                do {
                    header = new BlockHeader(0x20000000, prev, new Hash256(h, 0, 0, 0), time + h, 0x207fffffL, nonce++);
                } while (!Pow.checkProofOfWork(header.hash(), header.bits(), regtest.powLimit()));
                prev = header.hash();
                batch.add(new BlockIndexRecord(prev, header, h, BlockStatus.VALID_TREE, 0, -1, -1));
                if (batch.size() == 10_000 || h == headers) {
                    // Headers only: the active chain stays at genesis, the best header is the last one.
                    store.write(batch, regtest.genesisHash());
                    batch.clear();
                }
            }
            tip = prev;
        }
        System.err.printf("%nChainstateLoadBenchmark: wrote %,d headers in %.1f s%n", headers,
                (System.nanoTime() - start) / 1e9);
    }

    @Benchmark
    public ChainstateManager openAndLoad() throws IOException {
        ChainstateManager chainman = new ChainstateManager(regtest);
        try (ChainStore store = ChainStore.open(datadir, regtest)) {
            chainman.load(store);
        }
        BenchmarkBase.check(chainman.size() == headers + 1 && chainman.bestHeader().hash().equals(tip),
                "every header loaded and the best header found");
        return chainman;
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> s = Files.walk(datadir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
