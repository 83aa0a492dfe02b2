package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mooring.rpc.RpcClient;
import io.mooring.wire.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BIP152 low-bandwidth relay between two daemons over loopback sockets: the receiver got its chain from elsewhere
 * (submitblock), so the sender never gave it a block and is not one of its high-bandwidth peers. A new block is
 * announced by headers; the receiver asks for it as MSG_CMPCT_BLOCK (Core's HeadersDirectFetchBlocks), gets the one
 * transaction it lacks by getblocktxn and connects the block, which never crosses the wire in full. The per-message
 * byte counters of getpeerinfo show the path taken.
 */
class CompactBlockRelayNodeTest {
    static final String ADDRESS = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path home;

    ArrayNode params(Object... values) {
        ArrayNode a = json.createArrayNode();
        for (Object v : values) {
            if (v instanceof Integer i) a.add(i);
            else if (v instanceof JsonNode n) a.add(n);
            else a.add(v.toString());
        }
        return a;
    }

    static RpcClient rpc(NodeStartup.Ready ready, int port) throws Exception {
        String cookie = Files.readString(ready.config().chainDir().resolve(".cookie")).trim();
        return new RpcClient("127.0.0.1", port, cookie, Duration.ofSeconds(30));
    }

    /** The node's only peer, as getpeerinfo shows it. */
    JsonNode onlyPeer(RpcClient rpc) throws Exception {
        JsonNode peers = rpc.call("getpeerinfo", params());
        assertThat(peers).hasSize(1);
        return peers.get(0);
    }

    @Test
    void blockreconstructionextratxnSizesTheNodesExtraPool() throws Exception {
        Path dir = Files.createDirectories(home.resolve("node"));
        for (String value : new String[] {"0", "7"}) {
            try (NodeStartup.Ready ready = TestDaemons.prepare(home, "-regtest", "-datadir=" + dir, "-listen=0",
                    "-server=0", "-printtoconsole=0", "-connect=0", "-dnsseed=0", "-fixedseeds=0",
                    "-blockreconstructionextratxn=" + value)) {
                MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
                node.start();
                try {
                    long capacity = node.shell().query(pm ->
                            node.chainService().sync().blocks().extraTransactions().capacity()).join();
                    assertThat(capacity).isEqualTo(Long.parseLong(value));
                } finally {
                    node.close();
                }
            }
        }
    }

    @Test
    void aBlockAnnouncedByALowBandwidthPeerArrivesAsCmpctblockAndBlocktxnNeverInFull() throws Exception {
        Path ds = Files.createDirectories(home.resolve("sender"));
        Path dr = Files.createDirectories(home.resolve("receiver"));
        int port = TestDaemons.freePort();
        int rpcS = TestDaemons.freePort();
        int rpcR = TestDaemons.freePort();
        try (NodeStartup.Ready rs = TestDaemons.prepare(home, "-regtest", "-datadir=" + ds, "-bind=127.0.0.1",
                "-port=" + port, "-rpcport=" + rpcS, "-printtoconsole=0", "-connect=0", "-dnsseed=0",
                "-fixedseeds=0");
             NodeStartup.Ready rr = TestDaemons.prepare(home, "-regtest", "-datadir=" + dr, "-listen=0",
                     "-rpcport=" + rpcR, "-printtoconsole=0", "-connect=0", "-dnsseed=0", "-fixedseeds=0")) {
            MooringNode sender = new MooringNode(rs.config(), Clock.systemUTC());
            MooringNode receiver = new MooringNode(rr.config(), Clock.systemUTC());
            sender.start();
            receiver.start();
            try {
                RpcClient s = rpc(rs, rpcS);
                RpcClient r = rpc(rr, rpcR);
                JsonNode hashes = s.call("generatetoaddress", params(5, ADDRESS));
                for (JsonNode hash : hashes) {
                    String hex = s.call("getblock", params(hash.asText(), 0)).asText();
                    assertThat(r.call("submitblock", params(hex)).isNull()).isTrue();
                }
                assertThat(r.call("getbestblockhash", params()).asText()).isEqualTo(hashes.get(4).asText());

                r.call("addnode", params("127.0.0.1:" + port, "onetry"));
                // Connected, both sides' BIP152 offers received and the sender's headers seen: nothing to download.
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    JsonNode peers = r.call("getpeerinfo", params());
                    JsonNode sPeers = s.call("getpeerinfo", params());
                    return peers.size() == 1 && sPeers.size() == 1
                            && peers.get(0).path("bytesrecv_per_msg").has("sendcmpct")
                            && sPeers.get(0).path("bytesrecv_per_msg").has("sendcmpct")
                            && peers.get(0).path("synced_headers").asInt() == 5;
                });
                JsonNode before = onlyPeer(r);
                assertThat(before.get("bip152_hb_to").asBoolean()).isFalse();
                assertThat(onlyPeer(s).get("bip152_hb_from").asBoolean()).isFalse();

                String spend = Bytes.wrap(TestBlocks.spend(12).serialize()).hex();
                String tip = s.call("generateblock", params(ADDRESS, json.createArrayNode().add(spend)))
                        .get("hash").asText();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> r.call("getbestblockhash", params()).asText().equals(tip));

                JsonNode received = onlyPeer(r).get("bytesrecv_per_msg");
                assertThat(received.has("cmpctblock")).as("cmpctblock received: %s", received).isTrue();
                assertThat(received.has("blocktxn")).as("blocktxn received: %s", received).isTrue();
                assertThat(received.has("block")).as("no full block: %s", received).isFalse();
                JsonNode sent = onlyPeer(r).get("bytessent_per_msg");
                assertThat(sent.has("getdata")).isTrue();
                assertThat(sent.has("getblocktxn")).isTrue();
                assertThat(onlyPeer(s).get("bytessent_per_msg").has("block")).isFalse();
                // Having given us our tip, the sender is now asked for high-bandwidth announcements.
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> onlyPeer(s).get("bip152_hb_from").asBoolean());
                assertThat(onlyPeer(r).get("bip152_hb_to").asBoolean()).isTrue();
            } finally {
                receiver.close();
                sender.close();
            }
        }
    }
}
