package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.net.ConnectionType;
import io.mooring.wire.message.TxMessage;
import io.mooring.wire.message.VersionMessage;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon started with {@code -blocksonly} behaves as Core's on the wire: relay=false in its version, no feefilter
 * after the handshake (a node without it sends one), and a peer sending a transaction is disconnected unless
 * {@code -whitelist} gave it the relay permission.
 */
class BlocksOnlyNodeTest {
    @TempDir
    Path home;

    final List<NodeStartup.Ready> readies = new ArrayList<>();
    final List<MooringNode> nodes = new ArrayList<>();
    final List<RawPeer> peers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (RawPeer p : peers) p.close();
        nodes.forEach(MooringNode::close);
        readies.forEach(NodeStartup.Ready::close);
    }

    MooringNode start(String... extra) throws Exception {
        Path datadir = Files.createDirectories(home.resolve("d" + readies.size()));
        List<String> args = new ArrayList<>(List.of("-regtest", "-datadir=" + datadir, "-bind=127.0.0.1",
                "-port=" + TestDaemons.freePort(), "-connect=0", "-server=0", "-printtoconsole=0"));
        args.addAll(List.of(extra));
        NodeStartup.Ready ready = TestDaemons.prepare(home, args.toArray(String[]::new));
        readies.add(ready);
        MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
        nodes.add(node);
        node.start();
        return node;
    }

    /** A raw peer connected to {@code node} once the handshake is done and the node's verack batch has arrived. */
    RawPeer handshake(MooringNode node) throws Exception {
        InetSocketAddress at = node.boundAddresses().get(0);
        RawPeer p = RawPeer.handshake(at, node.config().chain().magic(), true, true);
        peers.add(p);
        // The node sends ping after verack, in the same batch as (what would be) its feefilter.
        await().atMost(Duration.ofSeconds(10)).until(() -> p.commands().contains("ping"));
        await().atMost(Duration.ofSeconds(10)).until(() -> MooringNodeTest.count(node, ConnectionType.INBOUND) == 1);
        Thread.sleep(300);
        return p;
    }

    @Test
    void blocksonlyAnnouncesNoRelaySendsNoFeefilterAndDropsATransactionSender() throws Exception {
        MooringNode node = start("-blocksonly");
        RawPeer p = handshake(node);
        VersionMessage version = (VersionMessage) p.received().stream().filter(VersionMessage.class::isInstance)
                .findFirst().orElseThrow();
        assertThat(version.relay()).isFalse();
        assertThat(p.commands()).doesNotContain("feefilter");
        p.send(new TxMessage(TestBlocks.spend(1)));
        await().atMost(Duration.ofSeconds(10)).until(p::closedByNode);
    }

    @Test
    void withoutBlocksonlyTheNodeSendsItsFeefilter() throws Exception {
        RawPeer p = handshake(start());
        await().atMost(Duration.ofSeconds(10)).until(() -> p.commands().contains("feefilter"));
    }

    @Test
    void aPeerWithTheRelayPermissionMaySendTransactionsToABlocksonlyNode() throws Exception {
        MooringNode node = start("-blocksonly", "-whitelist=relay@127.0.0.1");
        RawPeer p = handshake(node);
        p.send(new TxMessage(TestBlocks.spend(1)));
        p.send(new io.mooring.wire.message.PingMessage(77));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.received().contains(new io.mooring.wire.message.PongMessage(77)));
        assertThat(p.closedByNode()).isFalse();
        assertThat(MooringNodeTest.count(node, ConnectionType.INBOUND)).isEqualTo(1);
    }
}
