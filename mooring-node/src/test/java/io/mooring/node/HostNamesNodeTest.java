package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mooring.net.ConnectionType;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host names where Core takes them: -connect, -addnode, -seednode, -externalip and the addnode RPC, resolved through a
 * loopback DNS server (-dnsserver) that names node A "peer.mooring.test".
 */
class HostNamesNodeTest {
    @TempDir
    Path home;

    static long count(MooringNode node, ConnectionType type) {
        return node.shell().query(pm -> pm.peerIds().stream().map(pm::peer)
                .filter(p -> p.connectionType() == type && p.isSuccessfullyConnected()).count()).join();
    }

    static boolean connectedTo(MooringNode node, ConnectionType type, NetEndpoint endpoint) {
        return node.shell().query(pm -> pm.peerIds().stream().map(pm::peer)
                .anyMatch(p -> p.connectionType() == type && p.endpoint().equals(endpoint))).join();
    }

    MooringNode start(String name, String... extra) throws Exception {
        Path dir = Files.createDirectories(home.resolve(name));
        String[] args = new String[extra.length + 4];
        args[0] = "-regtest";
        args[1] = "-datadir=" + dir;
        args[2] = "-printtoconsole=0";
        args[3] = "-server=0";
        System.arraycopy(extra, 0, args, 4, extra.length);
        NodeStartup.Ready ready = TestDaemons.prepare(home, args);
        MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
        node.start();
        return node;
    }

    @Test
    void connectAddnodeSeednodeAndTheAddnodeRpcReachANodeByNameAndExternalipResolvesAtStartup() throws Exception {
        int port = TestDaemons.freePort();
        NetEndpoint a = NetEndpoint.parse("127.0.0.1:" + port);
        try (LoopbackDnsServer dns = new LoopbackDnsServer().answer("peer.mooring.test.", "127.0.0.1")
                .answer("me.mooring.test.", "127.0.0.7")) {
            String dnsServer = "-dnsserver=127.0.0.1:" + dns.port();
            MooringNode nodeA = start("a", "-bind=127.0.0.1", "-port=" + port, "-dnsseed=0", "-fixedseeds=0",
                    "-connect=0");
            MooringNode byConnect = null;
            MooringNode byAddnode = null;
            MooringNode bySeednode = null;
            MooringNode byRpc = null;
            try {
                byConnect = start("connect", "-listen=0", dnsServer, "-connect=peer.mooring.test:" + port);
                byAddnode = start("addnode", "-listen=0", dnsServer, "-dnsseed=0", "-fixedseeds=0",
                        "-addnode=peer.mooring.test:" + port, "-externalip=me.mooring.test",
                        "-regtestroutableloopback");
                bySeednode = start("seednode", "-listen=0", dnsServer, "-dnsseed=0", "-fixedseeds=0",
                        "-seednode=peer.mooring.test:" + port);
                byRpc = start("rpc", "-listen=0", dnsServer, "-dnsseed=0", "-fixedseeds=0", "-connect=0");
                assertThat(byRpc.addNamedTarget(new HostTargets.HostName("peer.mooring.test", port))).isTrue();
                assertThat(byRpc.addNamedTarget(new HostTargets.HostName("peer.mooring.test", port))).isFalse();

                MooringNode c = byConnect;
                MooringNode n = byAddnode;
                MooringNode s = bySeednode;
                MooringNode r = byRpc;
                await().atMost(Duration.ofSeconds(20)).until(() -> connectedTo(c, ConnectionType.MANUAL, a)
                        && connectedTo(n, ConnectionType.MANUAL, a) && connectedTo(r, ConnectionType.MANUAL, a));
                // The -seednode name became an addr-fetch connection: node A saw a fourth inbound peer.
                await().atMost(Duration.ofSeconds(20)).until(() -> count(nodeA, ConnectionType.INBOUND) >= 4);
                assertThat(dns.questions).contains("peer.mooring.test. A", "me.mooring.test. A");
                // -externalip by name: the resolved address is ours (LOCAL_MANUAL).
                assertThat(n.shell().query(pm -> n.localAddresses().isLocal(
                        new NetEndpoint(NetAddress.parse("127.0.0.7"), n.config().port()))).join()).isTrue();

                // addnode remove by name drops the resolved target: no reconnection after a disconnect.
                assertThat(r.removeNamedTarget(new HostTargets.HostName("peer.mooring.test", port))).isTrue();
                assertThat(r.removeNamedTarget(new HostTargets.HostName("peer.mooring.test", port))).isFalse();
                assertThat(r.shell().query(pm -> r.outboundPolicy().addedNodes()).join()).doesNotContain(a);
            } finally {
                for (MooringNode node : new MooringNode[] {byConnect, byAddnode, bySeednode, byRpc, nodeA}) {
                    if (node != null) node.close();
                }
            }
        }
    }

    @Test
    void anExternalipNameThatDoesNotResolveStopsStartupWithCoresMessage() throws Exception {
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            Path dir = Files.createDirectories(home.resolve("x"));
            NodeStartup.Ready ready = TestDaemons.prepare(home, "-regtest", "-datadir=" + dir, "-printtoconsole=0",
                    "-server=0", "-listen=0", "-dnsserver=127.0.0.1:" + dns.port(), "-externalip=nowhere.mooring.test");
            try (ready) {
                assertThatThrownBy(() -> new MooringNode(ready.config(), Clock.systemUTC()))
                        .isInstanceOf(ConfigException.class)
                        .hasMessage("Cannot resolve -externalip address: 'nowhere.mooring.test'");
            }
        }
    }
}
