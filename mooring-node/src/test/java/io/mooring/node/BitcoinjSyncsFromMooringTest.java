package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.rpc.RpcClient;
import java.time.Duration;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.BlockChain;
import org.bitcoinj.core.PeerAddress;
import org.bitcoinj.core.PeerGroup;
import org.bitcoinj.core.StoredBlock;
import org.bitcoinj.params.RegTestParams;
import org.bitcoinj.store.MemoryBlockStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent implementation validates Mooring's chain: bitcoinj, as an SPV client with its own header and block
 * checks, downloads a regtest chain mined by a Mooring node over the P2P protocol and ends on the same tip.
 */
class BitcoinjSyncsFromMooringTest {
    @TempDir
    Path home;

    @Test
    void bitcoinjDownloadsAndAcceptsAChainMinedByMooring() throws Exception {
        Path dir = Files.createDirectories(home.resolve("miner"));
        int port = TestDaemons.freePort();
        int rpcPort = TestDaemons.freePort();
        try (NodeStartup.Ready ready = TestDaemons.prepare(home, "-regtest", "-datadir=" + dir, "-bind=127.0.0.1",
                "-port=" + port, "-rpcport=" + rpcPort, "-printtoconsole=0", "-connect=0")) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            node.start();
            PeerGroup peers = null;
            try {
                String cookie = Files.readString(ready.config().chainDir().resolve(".cookie")).trim();
                RpcClient rpc = new RpcClient("127.0.0.1", rpcPort, cookie, Duration.ofSeconds(30));
                ObjectMapper json = new ObjectMapper();
                JsonNode hashes = rpc.call("generatetoaddress",
                        json.createArrayNode().add(120).add("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"));
                assertThat(hashes).hasSize(120);
                String tip = rpc.call("getbestblockhash", json.createArrayNode()).asText();

                RegTestParams params = RegTestParams.get();
                MemoryBlockStore store = new MemoryBlockStore(params.getGenesisBlock());
                BlockChain chain = new BlockChain(BitcoinNetwork.REGTEST, store);
                peers = new PeerGroup(BitcoinNetwork.REGTEST, chain);
                peers.setBloomFilteringEnabled(false);
                peers.addAddress(PeerAddress.simple(InetAddress.getLoopbackAddress(), port));
                // After addAddress, which raises the limit: with one peer of one allowed, it becomes the download peer.
                peers.setMaxConnections(1);
                // bitcoinj picks its download peer when one connects: the listener must be in place first.
                org.bitcoinj.core.listeners.DownloadProgressTracker tracker =
                        new org.bitcoinj.core.listeners.DownloadProgressTracker();
                peers.startBlockChainDownload(tracker);
                peers.start();
                tracker.getFuture().get(60, TimeUnit.SECONDS);
                StoredBlock head = chain.getChainHead();
                assertThat(head.getHeight()).isEqualTo(120);
                assertThat(head.getHeader().getHash().toString()).isEqualTo(tip);
            } finally {
                if (peers != null) peers.stop();
                node.close();
            }
        }
    }
}
