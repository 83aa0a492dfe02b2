package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mooring.net.ConnectionType;
import io.mooring.wire.Bytes;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbound policy wired into a running node. Loopback addresses are not routable, so the address manager refuses
 * them and automatic connections to other loopback nodes cannot be tested directly; instead the node's addresses are
 * routable ones and its -proxy is a fake SOCKS5 server on loopback that accepts every CONNECT and then stays silent:
 * every automatic connection the node makes is visible there, and nothing leaves loopback.
 */
class OutboundNodeTest {
    @TempDir
    Path home;

    /** A SOCKS5 server (RFC 1928/1929) that records each CONNECT destination and keeps the connection open. */
    static final class FakeSocks5 implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<String> destinations = new CopyOnWriteArrayList<>();
        final List<Socket> open = new CopyOnWriteArrayList<>();

        FakeSocks5() throws IOException {
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        open.add(s);
                        Thread t = new Thread(() -> serve(s), "fake-socks5-conn");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "fake-socks5");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve(Socket s) {
            try {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                in.readUnsignedByte(); // version 5
                byte[] methods = new byte[in.readUnsignedByte()];
                in.readFully(methods);
                boolean userPass = new String(methods, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf(2) >= 0;
                out.write(new byte[] {5, (byte) (userPass ? 2 : 0)});
                if (userPass) {
                    in.readUnsignedByte();
                    in.readFully(new byte[in.readUnsignedByte()]);
                    in.readFully(new byte[in.readUnsignedByte()]);
                    out.write(new byte[] {1, 0});
                }
                in.readUnsignedByte(); // version
                in.readUnsignedByte(); // CONNECT
                in.readUnsignedByte(); // reserved
                int atyp = in.readUnsignedByte();
                String host;
                if (atyp == 1) {
                    byte[] a = new byte[4];
                    in.readFully(a);
                    host = InetAddress.getByAddress(a).getHostAddress();
                } else if (atyp == 4) {
                    byte[] a = new byte[16];
                    in.readFully(a);
                    host = "[" + InetAddress.getByAddress(a).getHostAddress() + "]";
                } else {
                    byte[] name = new byte[in.readUnsignedByte()];
                    in.readFully(name);
                    host = new String(name, java.nio.charset.StandardCharsets.US_ASCII);
                }
                int port = in.readUnsignedShort();
                destinations.add(host + ":" + port);
                out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
                out.flush();
                while (in.read() >= 0) {
                    // a silent peer: read the version and never answer
                }
            } catch (IOException e) {
                // the node hung up
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) s.close();
        }
    }

    static long count(MooringNode node, ConnectionType type) {
        return node.shell().query(pm -> pm.peerIds().stream().map(pm::peer)
                .filter(p -> p.connectionType() == type).count()).join();
    }

    @Test
    void aNodeWithAddressesFillsEightFullRelayAndTwoBlockRelaySlotsInDistinctNetgroups() throws Exception {
        Path dir = Files.createDirectories(home.resolve("d"));
        try (FakeSocks5 proxy = new FakeSocks5();
             NodeStartup.Ready ready = TestDaemons.prepare(home, "-regtest", "-datadir=" + dir, "-listen=0",
                     "-server=0", "-printtoconsole=0", "-proxy=127.0.0.1:" + proxy.port())) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            node.start();
            try {
                // 30 /16 networks, two addresses in each.
                List<PeerAddress> known = new ArrayList<>();
                Set<String> knownText = new HashSet<>();
                for (int g = 0; g < 30; g++) {
                    for (int h = 1; h <= 2; h++) {
                        PeerAddress a = new PeerAddress(Instant.now().getEpochSecond() - 600,
                                ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS,
                                NetEndpoint.parse((20 + g) + ".7.0." + h + ":18444"));
                        known.add(a);
                        knownText.add(a.endpoint().toString());
                    }
                }
                node.shell().onLoop(() -> node.addrMan().add(known, NetAddress.parse("99.1.2.3"), Instant.now()))
                        .join();
                await().atMost(Duration.ofSeconds(20)).until(() -> count(node, ConnectionType.OUTBOUND_FULL_RELAY) == 8
                        && count(node, ConnectionType.BLOCK_RELAY) == 2);
                List<NetEndpoint> outbound = node.shell().query(pm -> pm.peerIds().stream().map(pm::peer)
                        .filter(p -> p.connectionType() == ConnectionType.OUTBOUND_FULL_RELAY
                                || p.connectionType() == ConnectionType.BLOCK_RELAY)
                        .map(io.mooring.net.Peer::endpoint).toList()).join();
                Set<Bytes> groups = new HashSet<>();
                for (NetEndpoint e : outbound) groups.add(node.netGroups().group(e.address()));
                assertThat(groups).hasSize(10);
                // Every automatic connection went to an address the address manager held, through the proxy.
                assertThat(proxy.destinations).isNotEmpty().allMatch(knownText::contains);
                // The attempts were recorded in the address manager (Core's Attempt before connecting).
                long tried = node.shell().query(pm -> outbound.stream()
                        .filter(e -> node.addrMan().info(e).orElseThrow().lastTry() > 0).count()).join();
                assertThat(tried).isEqualTo(10);
            } finally {
                node.close();
            }
        }
    }

    @Test
    void aNodeWithoutAddressesOpensNothingAndAddnodeTargetsAreManual() throws Exception {
        Path da = Files.createDirectories(home.resolve("a"));
        Path db = Files.createDirectories(home.resolve("b"));
        int pa = TestDaemons.freePort();
        try (NodeStartup.Ready ra = TestDaemons.prepare(home, "-regtest", "-datadir=" + da, "-bind=127.0.0.1",
                "-port=" + pa, "-server=0", "-printtoconsole=0");
             NodeStartup.Ready rb = TestDaemons.prepare(home, "-regtest", "-datadir=" + db, "-listen=0", "-server=0",
                     "-printtoconsole=0", "-addnode=127.0.0.1:" + pa)) {
            MooringNode a = new MooringNode(ra.config(), Clock.systemUTC());
            MooringNode b = new MooringNode(rb.config(), Clock.systemUTC());
            a.start();
            b.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> count(b, ConnectionType.MANUAL) == 1);
                Thread.sleep(1500);
                // -addnode is not -connect: automatic outbound stays on, but with an empty address manager there is
                // nothing to connect to; the addnode peer does not take an automatic slot.
                assertThat(b.shell().query(pm -> pm.connectionCount()).join()).isEqualTo(1);
                assertThat(a.shell().query(pm -> pm.connectionCount()).join()).isEqualTo(1);
                assertThat(b.addManualTarget(NetEndpoint.parse("127.0.0.1:" + pa))).isFalse();
                assertThat(b.removeManualTarget(NetEndpoint.parse("127.0.0.1:" + pa))).isTrue();
            } finally {
                b.close();
                a.close();
            }
        }
    }

    private static NodeConfig config(String... argv) throws ConfigException {
        NodeArgs a = NodeOptions.create();
        a.parseCommandLine(argv);
        String chain = a.chainTypeString();
        a.selectConfigNetwork(chain);
        NodeStartup.interact(a, org.slf4j.helpers.NOPLogger.NOP_LOGGER);
        Path dir = Path.of("/tmp/mooring-test-not-created");
        return NodeConfig.from(a, io.mooring.chain.ChainParamsLoader.builtIn(chain), dir, dir, Set.of(), "Mooring",
                "0.1.0");
    }

    @Test
    void onlynetDecidesTheReachableNetworksAndOnionNeedsAProxy() throws Exception {
        assertThatThrownBy(() -> config("-onlynet=onion")).hasMessage("Outbound connections restricted to Tor "
                + "(-onlynet=onion) but the proxy for reaching the Tor network is not provided: none of -proxy, -onion "
                + "or -listenonion is given");
        assertThat(MooringNode.reachableNetworks(config()))
                .containsExactlyInAnyOrder(io.mooring.wire.netaddress.Network.IPV4,
                        io.mooring.wire.netaddress.Network.IPV6);
        assertThat(MooringNode.reachableNetworks(config("-onlynet=ipv4")))
                .containsExactly(io.mooring.wire.netaddress.Network.IPV4);
        assertThat(MooringNode.reachableNetworks(config("-onlynet=onion", "-proxy=127.0.0.1:9050")))
                .containsExactly(io.mooring.wire.netaddress.Network.TORV3);
        assertThat(MooringNode.reachableNetworks(config("-onion=127.0.0.1:9050")))
                .containsExactlyInAnyOrder(io.mooring.wire.netaddress.Network.IPV4,
                        io.mooring.wire.netaddress.Network.IPV6, io.mooring.wire.netaddress.Network.TORV3);
    }
}
