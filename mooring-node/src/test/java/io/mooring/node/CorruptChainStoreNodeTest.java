package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain store the node wrote but that is now damaged is detected, moved aside (kept as evidence) and logged, and
 * the node starts from the genesis block instead of refusing to start.
 */
class CorruptChainStoreNodeTest {
    @TempDir
    Path home;

    @Test
    void corruptedChainStoreIsSetAsideAndTheNodeStartsFromGenesis() throws Exception {
        Path dir = Files.createDirectories(home.resolve("n"));
        int port = TestDaemons.freePort();
        String[] args = {"-regtest", "-datadir=" + dir, "-bind=127.0.0.1", "-port=" + port, "-server=0",
                "-printtoconsole=0", "-dnsseed=0", "-fixedseeds=0"};
        Path chainDir;
        try (NodeStartup.Ready ready = TestDaemons.prepare(home, args)) {
            chainDir = ready.config().chainDir();
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            node.start();
            try {
                node.shell().onLoop(() -> {
                    NodeChain chain = node.chain();
                    for (int i = 0; i < 3; i++) {
                        var tip = chain.chainman().tip();
                        var block = TestBlocks.mine(ready.config().chain(), tip.hash(), tip.height() + 1,
                                Math.max(tip.medianTimePast() + 1, System.currentTimeMillis() / 1000), i);
                        assertThat(chain.processNewBlock(block, true, System.currentTimeMillis() / 1000).rejection())
                                .isEmpty();
                    }
                }).join();
                assertThat(node.shell().query(pm -> node.chain().chainman().tip().height()).join()).isEqualTo(3);
            } finally {
                node.close();
            }
        }
        // Damage the block index: RocksDB's CURRENT file names the manifest; garbage there is corruption.
        Files.writeString(chainDir.resolve("blocks").resolve("index").resolve("CURRENT"), "garbage-without-newline");

        try (NodeStartup.Ready ready = TestDaemons.prepare(home, args)) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            node.start();
            try {
                assertThat(node.shell().query(pm -> node.chain().chainman().tip().height()).join()).isZero();
            } finally {
                node.close();
            }
        }
        try (Stream<Path> siblings = Files.list(chainDir)) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("blocks.corrupt-"));
        }
        assertThat(Files.readString(chainDir.resolve("debug.log"))).contains("Error loading block database");
    }
}
