package io.mooring.blockstorage;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.chain.BlockIndexRecord;
import io.mooring.chain.BlockStatus;
import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crashes: a child JVM writes blocks and index batches in a loop and is killed with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux) at random moments; after each kill the store must open, load, hold its
 * tip, and every entry with data must read back the block it names.
 */
class ChainStoreCrashTest {

    private static final long MAX_FILE_SIZE = 64 * 1024; // several rollovers per round

    @TempDir
    Path datadir;

    @Test
    void killedWritersLeaveAStoreWhoseEntriesAllPointAtTheirBlocks() throws Exception {
        SplittableRandom rnd = new SplittableRandom(20261123);
        int previousCount = 0;
        for (int round = 0; round < 5; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    ChainStoreCrashChild.class.getName(), datadir.toString(), Long.toString(MAX_FILE_SIZE),
                    Long.toString(rnd.nextLong()))
                    .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line = out.readLine();
                assertThat(line).as("child output in round %d", round).isEqualTo("ready");
                Thread.sleep(150 + rnd.nextInt(500));
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(child.exitValue()).as("killed, not exited").isEqualTo(137);

            int count = checkStore(round);
            assertThat(count).as("entries after round %d", round).isGreaterThan(previousCount);
            previousCount = count;
        }
    }

    private int checkStore(int round) throws Exception {
        try (ChainStore store = ChainStore.open(datadir, TestChain.MAGIC, MAX_FILE_SIZE)) {
            Map<Hash256, BlockIndexRecord> loaded = new HashMap<>();
            Optional<Hash256> tip = store.load(r -> loaded.put(r.hash(), r));
            assertThat(tip).as("tip after round %d", round).isPresent();
            assertThat(loaded).containsKey(tip.get());
            // Batches are whole: every entry's parent is present, back to genesis.
            for (BlockIndexRecord r : loaded.values()) {
                if (r.height() > 0) assertThat(loaded).containsKey(r.header().prevBlock());
            }
            List<BlockIndexRecord> withData = new ArrayList<>();
            for (BlockIndexRecord r : loaded.values()) {
                if ((r.status() & BlockStatus.HAVE_DATA) != 0) withData.add(r);
            }
            assertThat(withData).isNotEmpty();
            for (BlockIndexRecord r : withData) {
                Block b = Block.read(new WireReader(store.readBlock(r)));
                assertThat(b.hash()).isEqualTo(r.hash());
                BlockHeader h = b.header();
                assertThat(h).isEqualTo(r.header());
            }
            assertThat(loaded.get(tip.get()).height()).isEqualTo(withData.stream()
                    .mapToInt(BlockIndexRecord::height).max().orElseThrow());
            return loaded.size();
        }
    }
}
