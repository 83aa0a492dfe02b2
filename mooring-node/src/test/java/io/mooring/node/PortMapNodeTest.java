package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.wire.netaddress.NetEndpoint;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -natpmp against a fake gateway on loopback (-natpmpgateway): a PCP router maps the port and the node announces the
 * external address; a NAT-PMP-only router gets the fallback; a full router's NO_RESOURCES is warned about.
 */
class PortMapNodeTest {
    @TempDir
    Path home;

    /** A UDP "router" that answers every request with {@code answer} (null: no answer). */
    static final class FakeGateway implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final List<byte[]> requests = new CopyOnWriteArrayList<>();
        final Thread thread;

        FakeGateway(Function<byte[], byte[]> answer) throws Exception {
            thread = new Thread(() -> {
                byte[] buf = new byte[1100];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        byte[] request = Arrays.copyOf(buf, p.getLength());
                        requests.add(request);
                        byte[] reply = answer.apply(request);
                        if (reply != null) socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A PCP router: echoes the request's nonce and ports, grants 2,400 s on 11.22.33.44 (or answers an error). */
    static byte[] pcpRouter(byte[] request, int result) {
        if (request[0] != 2) return null;
        byte[] p = Arrays.copyOf(request, 60);
        p[1] = (byte) 0x81;
        p[3] = (byte) result;
        System.arraycopy(new byte[] {0, 0, 0x09, 0x60}, 0, p, 4, 4);
        System.arraycopy(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 11, 22, 33, 44}, 0, p,
                44, 16);
        return p;
    }

    /** A NAT-PMP-only router: refuses PCP's version, maps with NAT-PMP on 11.22.33.55. */
    static byte[] natpmpRouter(byte[] request) {
        if (request[0] == 2) return new byte[] {0, (byte) 0x81, 0, 1, 0, 0, 0, 0};
        if (request[1] == 0) return new byte[] {0, (byte) 0x80, 0, 0, 0, 0, 0, 1, 11, 22, 33, 55};
        byte[] p = new byte[16];
        p[1] = (byte) 0x82;
        System.arraycopy(request, 4, p, 8, 4); // internal port, external port as asked
        System.arraycopy(new byte[] {0, 0, 0x09, 0x60}, 0, p, 12, 4);
        return p;
    }

    MooringNode start(String name, int port, FakeGateway gateway) throws Exception {
        Path dir = Files.createDirectories(home.resolve(name));
        NodeStartup.Ready ready = TestDaemons.prepare(home, "-regtest", "-datadir=" + dir, "-printtoconsole=0",
                "-server=0", "-bind=127.0.0.1", "-port=" + port, "-connect=0", "-natpmp", "-debug=net",
                "-natpmpgateway=127.0.0.1:" + gateway.socket.getLocalPort());
        MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
        node.start();
        return node;
    }

    static boolean isLocal(MooringNode node, String endpoint) {
        return node.shell().query(pm -> node.localAddresses().isLocal(NetEndpoint.parse(endpoint))).join();
    }

    @Test
    void aPcpGatewayMapsThePortAndTheExternalAddressBecomesOurs() throws Exception {
        int port = TestDaemons.freePort();
        try (FakeGateway gateway = new FakeGateway(r -> pcpRouter(r, 0))) {
            MooringNode node = start("pcp", port, gateway);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> isLocal(node, "11.22.33.44:" + port));
                Path log = node.config().chainDir().resolve("debug.log");
                await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log).contains(
                        "portmap: Added mapping pcp:11.22.33.44:" + port + " -> 127.0.0.1:" + port + " (for 2400s)"));
                byte[] request = gateway.requests.getFirst();
                assertThat(request).hasSize(60);
                assertThat(request[36]).isEqualTo((byte) 6); // TCP
                assertThat(((request[40] & 0xff) << 8) | (request[41] & 0xff)).isEqualTo(port);
            } finally {
                node.close();
            }
        }
    }

    @Test
    void aNatPmpOnlyGatewayGetsTheFallbackAndANoResourcesAnswerIsWarnedAbout() throws Exception {
        int port = TestDaemons.freePort();
        try (FakeGateway gateway = new FakeGateway(PortMapNodeTest::natpmpRouter)) {
            MooringNode node = start("natpmp", port, gateway);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> isLocal(node, "11.22.33.55:" + port));
                assertThat(gateway.requests.stream().map(r -> r[0] + "/" + r[1]).toList())
                        .startsWith("2/1", "0/0", "0/2"); // PCP MAP, then NAT-PMP external address and TCP map
            } finally {
                node.close();
            }
        }
        int port2 = TestDaemons.freePort();
        try (FakeGateway full = new FakeGateway(r -> pcpRouter(r, 8))) {
            MooringNode node = start("full", port2, full);
            try {
                Path log = node.config().chainDir().resolve("debug.log");
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log)
                        .contains("pcp: Mapping failed with result NO_RESOURCES (code 8)"));
                await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log)
                        .contains("portmap: At least one mapping failed because of a NO_RESOURCES error."));
                assertThat(isLocal(node, "11.22.33.44:" + port2)).isFalse();
            } finally {
                node.close();
            }
        }
    }
}
