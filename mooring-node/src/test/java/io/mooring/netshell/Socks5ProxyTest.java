package io.mooring.netshell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.net.ConnectionType;
import io.mooring.net.PeerId;
import io.mooring.net.PeerManager;
import io.mooring.net.PeerManagerOptions;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.ServiceFlags;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Outbound connections through a SOCKS5 proxy (a small RFC 1928/1929 server written here, on loopback): .onion
 * destinations reach the proxy by name, each connection with its own random credentials (Tor stream isolation, Core's
 * -proxyrandomize), and the handshake completes through the tunnel.
 */
class Socks5ProxyTest {
    record Request(String host, int port, String user, String password) {
    }

    /** Accepts SOCKS5 with username/password, records the request, and tunnels every request to {@code target}. */
    static final class TinySocks5 implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final InetSocketAddress target;

        TinySocks5(InetSocketAddress target) throws IOException {
            this.target = target;
            Thread.ofVirtual().start(this::serve);
        }

        void serve() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread.ofVirtual().start(() -> handle(client));
                } catch (IOException e) {
                    return;
                }
            }
        }

        void handle(Socket client) {
            try (client) {
                DataInputStream in = new DataInputStream(client.getInputStream());
                OutputStream out = client.getOutputStream();
                int version = in.readUnsignedByte();
                int methods = in.readUnsignedByte();
                byte[] offered = in.readNBytes(methods);
                if (version != 5) return;
                boolean userPass = new String(offered, StandardCharsets.ISO_8859_1).indexOf(2) >= 0;
                out.write(new byte[] {5, (byte) (userPass ? 2 : 0)});
                String user = "";
                String password = "";
                if (userPass) {
                    in.readUnsignedByte();
                    user = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
                    password = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
                    out.write(new byte[] {1, 0});
                }
                in.readUnsignedByte(); // version
                in.readUnsignedByte(); // command: connect
                in.readUnsignedByte(); // reserved
                int type = in.readUnsignedByte();
                String host;
                if (type == 3) {
                    host = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
                } else {
                    host = java.net.InetAddress.getByAddress(in.readNBytes(type == 1 ? 4 : 16)).getHostAddress();
                }
                int port = in.readUnsignedShort();
                requests.add(new Request(host, port, user, password));
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
                out.flush();
                Thread pump = Thread.ofVirtual().start(() -> copy(in, upstreamOut(upstream)));
                copy(upstream.getInputStream(), out);
                pump.join();
            } catch (Exception e) {
                // connection ended
            }
        }

        static OutputStream upstreamOut(Socket s) {
            try {
                return s.getOutputStream();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }

        static void copy(InputStream in, OutputStream out) {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // closed
            }
        }

        InetSocketAddress address() {
            return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void onionDestinationsGoToTheProxyByNameWithIsolatedCredentials() throws Exception {
        long services = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
        PeerManagerOptions opts = new PeerManagerOptions(services, "/Mooring:0.1.0/", false, PeerManagerOptions.MAX_MONEY,
                Duration.ofSeconds(60));
        try (NetworkShell target = new NetworkShell(0xFABFB5DA, ShellOptions.loopbackDefaults(0), Clock.systemUTC(),
                o -> new PeerManager(opts, new SplittableRandom(1), o))) {
            InetSocketAddress targetAddr = target.start().getFirst();
            try (TinySocks5 socks = new TinySocks5(targetAddr)) {
                ShellOptions viaTor = new ShellOptions(List.of(), 125, 5_000_000, 1_000_000, null, socks.address(), true);
                try (NetworkShell node = new NetworkShell(0xFABFB5DA, viaTor, Clock.systemUTC(),
                        o -> new PeerManager(opts, new SplittableRandom(2), o))) {
                    node.start();
                    String onion = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
                    NetEndpoint dest = NetEndpoint.parse(onion + ":18444");
                    PeerId first = node.connect(dest, ConnectionType.MANUAL, services).join();
                    PeerId second = node.connect(dest, ConnectionType.MANUAL, services).join();
                    await().atMost(Duration.ofSeconds(10)).until(() -> node.query(pm ->
                            pm.peer(first) != null && pm.peer(first).isSuccessfullyConnected()
                                    && pm.peer(second) != null && pm.peer(second).isSuccessfullyConnected()).join());
                    assertThat(socks.requests).hasSize(2).allSatisfy(r -> {
                        assertThat(r.host()).isEqualTo(onion);
                        assertThat(r.port()).isEqualTo(18444);
                        assertThat(r.user()).isNotEmpty();
                    });
                    assertThat(socks.requests.get(0).user()).isNotEqualTo(socks.requests.get(1).user());
                    assertThat(socks.requests.get(0).password()).isNotEqualTo(socks.requests.get(1).password());
                }
            }
        }
    }

    @Test
    void onionWithoutAProxyIsRefused() throws Exception {
        PeerManagerOptions opts = PeerManagerOptions.defaults("/Mooring:0.1.0/");
        try (NetworkShell node = new NetworkShell(0xFABFB5DA, ShellOptions.loopbackDefaults(0), Clock.systemUTC(),
                o -> new PeerManager(opts, new SplittableRandom(2), o))) {
            node.start();
            NetEndpoint dest = NetEndpoint.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:8333");
            assertThat(node.connect(dest, ConnectionType.MANUAL, 0)).failsWithin(Duration.ofSeconds(5));
        }
    }
}
