package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mooring.rpc.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What getpeerinfo and getnetworkinfo say about a peer we synced from is measured, not made up: {@code last_block}
 * is when it gave us a new block, {@code synced_blocks} the last block in common, {@code timeoffset} its clock
 * against ours; getnetworkinfo's {@code version}/{@code subversion} come from the build's version and its
 * {@code timeoffset} is the median of at least five outbound samples (0 with one).
 */
class PeerSyncInfoRpcTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADDRESS = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

    @TempDir
    Path home;

    final List<NodeStartup.Ready> readies = new ArrayList<>();
    final List<MooringNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(MooringNode::close);
        readies.forEach(NodeStartup.Ready::close);
    }

    record Started(MooringNode node, RpcClient rpc, int port) {
        JsonNode call(String method, Object... params) throws Exception {
            ArrayNode p = JSON.createArrayNode();
            for (Object o : params) p.add(JSON.valueToTree(o));
            return rpc.call(method, p);
        }
    }

    Started start(String... extra) throws Exception {
        Path datadir = Files.createDirectories(home.resolve("d" + readies.size()));
        int port = TestDaemons.freePort();
        int rpcPort = TestDaemons.freePort();
        List<String> args = new ArrayList<>(List.of("-regtest", "-datadir=" + datadir, "-bind=127.0.0.1",
                "-port=" + port, "-rpcport=" + rpcPort, "-connect=0", "-printtoconsole=0"));
        args.addAll(List.of(extra));
        NodeStartup.Ready ready = TestDaemons.prepare(home, args.toArray(String[]::new));
        readies.add(ready);
        MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
        nodes.add(node);
        node.start();
        String cookie = Files.readString(ready.config().chainDir().resolve(".cookie")).trim();
        return new Started(node, new RpcClient("127.0.0.1", rpcPort, cookie, Duration.ofSeconds(10)), port);
    }

    @Test
    void getpeerinfoReportsTheLastBlockTimeCommonHeightAndClockOffsetOfAPeerWeSyncedFrom() throws Exception {
        long ahead = 1000;
        Started miner = start("-mocktime=" + (Instant.now().getEpochSecond() + ahead));
        Started node = start();
        miner.call("generatetoaddress", 3, ADDRESS);
        long before = Instant.now().getEpochSecond();
        node.call("addnode", "127.0.0.1:" + miner.port(), "onetry");
        await().atMost(Duration.ofSeconds(15)).until(() -> node.call("getblockcount").asInt() == 3);
        await().atMost(Duration.ofSeconds(15)).until(() -> node.call("getpeerinfo").get(0).get("synced_blocks").asInt() == 3);
        JsonNode peer = node.call("getpeerinfo").get(0);
        assertThat(peer.get("last_block").asLong()).isBetween(before, Instant.now().getEpochSecond());
        assertThat(peer.get("synced_headers").asInt()).isEqualTo(3);
        assertThat(peer.get("timeoffset").asLong()).isBetween(ahead - 5, ahead + 5);
        // The miner wants no transactions: its feefilter is MAX_MONEY, shown in BTC/kvB.
        assertThat(peer.get("minfeefilter").decimalValue()).isEqualByComparingTo("21000000");
        assertThat(peer.get("addr_relay_enabled").asBoolean()).isTrue(); // outbound: from its version on

        // An inbound peer that never sent addr or getaddr has no address relay yet (Core's SetupAddressRelay).
        try (RawPeer raw = RawPeer.handshake(new java.net.InetSocketAddress("127.0.0.1", node.port()),
                node.node().config().chain().magic(), false, true)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> node.call("getpeerinfo").size() == 2);
            JsonNode inbound = null;
            for (JsonNode p : node.call("getpeerinfo")) {
                if (p.get("inbound").asBoolean()) inbound = p;
            }
            assertThat(inbound).isNotNull();
            assertThat(inbound.get("addr_relay_enabled").asBoolean()).isFalse();
            assertThat(inbound.get("minfeefilter").decimalValue()).isZero();
            assertThat(inbound.get("last_block").asLong()).isZero();
        }

        // The miner got no block from the node: never, so 0.
        await().atMost(Duration.ofSeconds(15)).until(() -> miner.call("getpeerinfo").size() == 1);
        assertThat(miner.call("getpeerinfo").get(0).get("last_block").asLong()).isZero();

        JsonNode info = node.call("getnetworkinfo");
        assertThat(info.get("version").asInt()).isEqualTo(100); // TestDaemons builds as 0.1.0
        assertThat(info.get("subversion").asText()).isEqualTo("/Mooring:0.1.0/");
        // One outbound sample, however far off: Core's median needs five.
        assertThat(info.get("timeoffset").asLong()).isZero();
    }
}
