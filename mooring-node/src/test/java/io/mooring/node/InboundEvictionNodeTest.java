package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.banman.SubNet;
import io.mooring.connman.Eviction;
import io.mooring.connman.NodeEvictionCandidate;
import io.mooring.net.ConnectionType;
import io.mooring.net.Peer;
import io.mooring.net.PeerId;
import io.mooring.rpc.RpcClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inbound admission in a running node, over loopback: eviction when the inbound slots are full (p2p_eviction.py's
 * shape), block-relay-only inbound slots, and -whitebind/-whitelist permissions (noban bypasses a ban and is not
 * discouraged).
 */
@Timeout(120)
class InboundEvictionNodeTest {
    @TempDir
    Path home;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private MooringNode start(String... extra) throws Exception {
        Path dir = Files.createDirectories(home.resolve("n" + open.size()));
        List<String> args = new ArrayList<>(List.of("-regtest", "-datadir=" + dir, "-printtoconsole=0"));
        args.addAll(List.of(extra));
        if (!args.contains("-server=1")) {
            args.add("-server=0");
        }
        NodeStartup.Ready ready = TestDaemons.prepare(home, args.toArray(String[]::new));
        open.add(ready);
        MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
        node.start();
        open.add(node);
        return node;
    }

    private RawPeer peer(MooringNode node, InetSocketAddress at, boolean relay, boolean answerPings) throws Exception {
        RawPeer p = RawPeer.handshake(at, node.config().chain().magic(), relay, answerPings);
        open.add(p);
        return p;
    }

    /** The node's id for a raw peer, once the node has it (null until then). */
    private static PeerId idOf(MooringNode node, RawPeer p) {
        NetEndpoint e = new NetEndpoint(NetAddress.parse("127.0.0.1"), p.localPort());
        return node.shell().query(pm -> pm.peerIds().stream().filter(id -> pm.peer(id).endpoint().equals(e))
                .findFirst().orElse(null)).join();
    }

    private static boolean handshaked(MooringNode node, RawPeer p) {
        PeerId id = idOf(node, p);
        return id != null && node.shell().query(pm -> pm.peer(id) != null && pm.peer(id).isSuccessfullyConnected()
                && !node.shell().isDisconnecting(id)).join();
    }

    private static int inbound(MooringNode node) {
        return node.shell().query(pm -> (int) pm.peerIds().stream()
                .filter(id -> pm.peer(id).connectionType() == ConnectionType.INBOUND
                        && !node.shell().isDisconnecting(id)).count()).join();
    }

    @Test
    void aNewcomerToAFullNodeEvictsThePeerThePolicyPicksAndNeverAFastPinger() throws Exception {
        // p2p_eviction.py's -maxconnections=32: 32 - (8 + 2 + 1) = 21 inbound slots.
        int port = TestDaemons.freePort();
        MooringNode node = start("-bind=127.0.0.1", "-port=" + port, "-maxconnections=32");
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        List<RawPeer> pingers = new ArrayList<>();
        List<RawPeer> all = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            RawPeer p = peer(node, at, true, i < 8);
            (i < 8 ? pingers : all).add(p);
            await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(node, p));
        }
        all.addAll(pingers);
        // The first ping follows the handshake; the pingers' answers give them a minimum ping.
        List<PeerId> pingerIds = pingers.stream().map(p -> idOf(node, p)).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> node.shell().query(pm -> pingerIds.stream()
                .allMatch(id -> pm.peer(id).minPingTime() != null)).join());
        assertThat(inbound(node)).isEqualTo(21);
        List<NodeEvictionCandidate> snapshot = node.shell().query(pm -> node.inboundPeers().candidates()).join();
        PeerId expected = Eviction.selectNodeToEvict(snapshot).orElseThrow();

        RawPeer newcomer = peer(node, at, true, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(node, newcomer));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.shell().query(pm -> pm.peer(expected) == null).join());
        assertThat(inbound(node)).isEqualTo(21);
        RawPeer evicted = all.stream().filter(p -> p.closedByNode()).findFirst().orElseThrow();
        assertThat(all.stream().filter(RawPeer::closedByNode)).containsExactly(evicted);
        assertThat(pingers).doesNotContain(evicted);
        assertThat(pingers).allMatch(p -> handshaked(node, p));
    }

    @Test
    void aNodeWhoseInboundPeersAreAllProtectedDropsTheNewcomer() throws Exception {
        int port = TestDaemons.freePort();
        MooringNode node = start("-bind=127.0.0.1", "-port=" + port, "-maxconnections=13"); // 2 inbound slots
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        RawPeer a = peer(node, at, true, true);
        RawPeer b = peer(node, at, true, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(node, a) && handshaked(node, b));
        RawPeer c = peer(node, at, true, true);
        await().atMost(Duration.ofSeconds(10)).until(c::closedByNode);
        assertThat(c.messagesReceived()).isZero();
        assertThat(handshaked(node, a) && handshaked(node, b)).isTrue();
    }

    @Test
    void blockRelayOnlySlotsAdmitRelayFalsePeersBeyondTheLimitAndRefuseRelayTrueOnes() throws Exception {
        int port = TestDaemons.freePort();
        // 12 - 11 = 1 regular inbound slot, plus 2 for block-relay-only peers.
        MooringNode node = start("-bind=127.0.0.1", "-port=" + port, "-maxconnections=12",
                "-blockrelayinboundslots=2");
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        RawPeer full = peer(node, at, true, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(node, full));
        RawPeer blocksOnly1 = peer(node, at, false, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(node, blocksOnly1));
        // A transaction-relaying peer finds only block-relay-only slots: admitted, then closed after its version.
        RawPeer relaying = peer(node, at, true, true);
        await().atMost(Duration.ofSeconds(10)).until(relaying::closedByNode);
        assertThat(relaying.messagesReceived()).as("it got our version before the close").isPositive();
        RawPeer blocksOnly2 = peer(node, at, false, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(node, blocksOnly2));
        assertThat(inbound(node)).isEqualTo(3);
        // Every slot taken, and three peers are too few to evict one: the next is dropped unread.
        RawPeer late = peer(node, at, false, true);
        await().atMost(Duration.ofSeconds(10)).until(late::closedByNode);
        assertThat(late.messagesReceived()).isZero();
        assertThat(List.of(full, blocksOnly1, blocksOnly2)).allMatch(p -> handshaked(node, p));
        // When the regular slot frees up, a transaction-relaying peer is welcome again.
        full.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> inbound(node) == 2);
        RawPeer relayingAgain = peer(node, at, true, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(node, relayingAgain));
        Thread.sleep(300);
        assertThat(relayingAgain.closedByNode()).isFalse();
    }

    @Test
    void whitebindNobanPeersPassABanAreNeverDiscouragedAndShowTheirPermissions() throws Exception {
        int port = TestDaemons.freePort();
        int whitePort = TestDaemons.freePort();
        MooringNode node = start("-bind=127.0.0.1", "-port=" + port, "-whitebind=noban@127.0.0.1:" + whitePort,
                "-whitelist=addr@127.0.0.1");
        node.shell().onLoop(() -> node.banMan().ban(SubNet.parse("127.0.0.1"), 3600, false, Instant.now())).join();
        // Banned on the plain listener (Core: "dropped (banned)")...
        RawPeer plain = peer(node, new InetSocketAddress("127.0.0.1", port), true, true);
        await().atMost(Duration.ofSeconds(10)).until(plain::closedByNode);
        assertThat(plain.messagesReceived()).isZero();
        // ...but noban on the -whitebind one, with the -whitelist range's permissions added.
        RawPeer white = peer(node, new InetSocketAddress("127.0.0.1", whitePort), true, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(node, white));
        PeerId id = idOf(node, white);
        assertThat(node.shell().query(pm -> node.permissions(id).names()).join())
                .containsExactly("noban", "download", "addr");

        // Misbehaviour by a noban peer is not punished with discouragement; by anyone else it is.
        NetEndpoint remote = NetEndpoint.parse("203.0.113.7:8333");
        node.shell().onLoop(() -> node.onMisbehaving(id, ConnectionType.INBOUND, remote, "test")).join();
        assertThat(node.shell().query(pm -> node.banMan().isDiscouraged(remote.address())).join()).isFalse();
        node.shell().onLoop(() -> node.onMisbehaving(new PeerId(-1), ConnectionType.INBOUND, remote, "test")).join();
        assertThat(node.shell().query(pm -> node.banMan().isDiscouraged(remote.address())).join()).isTrue();
    }

    @Test
    void implicitWhitelistPermissionsAreCoresDefaultsAndOutRangesApplyToManualPeers() throws Exception {
        int portA = TestDaemons.freePort();
        int rpcPort = TestDaemons.freePort();
        MooringNode a = start("-bind=127.0.0.1", "-port=" + portA, "-whitelist=127.0.0.1", "-server=1",
                "-rpcport=" + rpcPort);
        RawPeer p = peer(a, new InetSocketAddress("127.0.0.1", portA), true, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(a, p));
        // getpeerinfo lists Core's default whitelist permissions, in Core's order.
        String cookie = Files.readString(a.config().chainDir().resolve(".cookie")).trim();
        RpcClient rpc = new RpcClient("127.0.0.1", rpcPort, cookie, Duration.ofSeconds(10));
        JsonNode info = rpc.call("getpeerinfo", JsonNodeFactory.instance.arrayNode());
        assertThat(info).hasSize(1);
        assertThat(info.get(0).get("permissions")).extracting(JsonNode::asText)
                .containsExactly("noban", "relay", "mempool", "download");
        assertThat(info.get(0).get("connection_type").asText()).isEqualTo("inbound");
        // p2p_permissions.py: "noban,out" gives a manual outbound peer noban; a plain (inbound-only) range does not.
        MooringNode b = start("-listen=0", "-whitelist=noban,out@127.0.0.1", "-connect=127.0.0.1:" + portA);
        MooringNode c = start("-listen=0", "-whitelist=noban@127.0.0.1", "-connect=127.0.0.1:" + portA);
        for (var entry : List.of(java.util.Map.entry(b, List.of("noban", "download")),
                java.util.Map.entry(c, List.<String>of()))) {
            MooringNode n = entry.getKey();
            await().atMost(Duration.ofSeconds(15)).until(() -> n.shell().query(pm -> pm.peerIds().stream()
                    .map(pm::peer).anyMatch(Peer::isSuccessfullyConnected)).join());
            List<String> names = n.shell().query(pm -> n.permissions(pm.peerIds().iterator().next()).names()).join();
            assertThat(names).isEqualTo(entry.getValue());
        }
    }
}
