package io.mooring.netshell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.net.ConnectionType;
import io.mooring.net.Peer;
import io.mooring.net.PeerId;
import io.mooring.net.PeerManager;
import io.mooring.net.PeerManagerOptions;
import io.mooring.wire.message.PingMessage;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback: Mooring nodes talk to each other, and bad peers cannot hurt them. */
class LoopbackNodesTest {
    static final int REGTEST = 0xFABFB5DA;
    static final long FULL = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;

    private final List<NetworkShell> shells = new ArrayList<>();

    NetworkShell node(long services, Duration peerTimeout, int seed) throws Exception {
        PeerManagerOptions opts = new PeerManagerOptions(services, "/Mooring:0.1.0/", false,
                PeerManagerOptions.MAX_MONEY, peerTimeout);
        NetworkShell shell = new NetworkShell(REGTEST, ShellOptions.loopbackDefaults(0), Clock.systemUTC(),
                outbox -> new PeerManager(opts, new SplittableRandom(seed), outbox));
        shells.add(shell);
        return shell;
    }

    @AfterEach
    void stop() {
        shells.forEach(NetworkShell::close);
    }

    static NetEndpoint endpoint(InetSocketAddress a) {
        return new NetEndpoint(NetAddress.fromInetAddress(a.getAddress()), a.getPort());
    }

    boolean handshaked(NetworkShell shell, PeerId id) {
        return shell.query(pm -> pm.peer(id) != null && pm.peer(id).isSuccessfullyConnected()).join();
    }

    int inboundHandshaked(NetworkShell shell) {
        return shell.query(pm -> (int) pm.peerIds().stream().map(pm::peer)
                .filter(p -> p.connectionType() == ConnectionType.INBOUND && p.isSuccessfullyConnected()).count()).join();
    }

    @Test
    void twoNodesCompleteTheHandshakePingAndDisconnectCleanly() throws Exception {
        NetworkShell a = node(FULL, Duration.ofSeconds(60), 1);
        NetworkShell b = node(FULL, Duration.ofSeconds(60), 2);
        a.start();
        InetSocketAddress bAddr = b.start().getFirst();
        PeerId id = a.connect(endpoint(bAddr), ConnectionType.OUTBOUND_FULL_RELAY, FULL).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(a, id) && inboundHandshaked(b) == 1);
        // The first ping goes out right after verack; its pong gives a round-trip time.
        await().atMost(Duration.ofSeconds(10)).until(() -> a.query(pm -> pm.peer(id).lastPingTime() != null).join());
        var sent = a.query(pm -> pm.stats(id).sentPerMessage()).join();
        assertThat(sent).containsKeys("version", "verack", "wtxidrelay", "sendaddrv2", "getaddr", "ping", "sendcmpct",
                "feefilter");
        // No chain logic here, so no best known block with the minimum chain work: no sendheaders (Core's rule).
        assertThat(sent).doesNotContainKey("sendheaders");
        assertThat(sent.get("verack")).isEqualTo(24L);
        VersionMessage theirs = a.query(pm -> pm.peer(id).theirVersion()).join();
        assertThat(theirs.userAgent()).isEqualTo("/Mooring:0.1.0/");
        assertThat(a.query(pm -> pm.disconnect(id, "test")).join()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.query(PeerManager::connectionCount).join() == 0
                && b.query(PeerManager::connectionCount).join() == 0);
    }

    @Test
    void everyOutboundConnectionTypeBehavesAsSpecified() throws Exception {
        NetworkShell a = node(FULL, Duration.ofSeconds(60), 3);
        NetworkShell b = node(FULL, Duration.ofSeconds(60), 4);
        a.start();
        NetEndpoint bEnd = endpoint(b.start().getFirst());
        for (ConnectionType type : List.of(ConnectionType.OUTBOUND_FULL_RELAY, ConnectionType.BLOCK_RELAY,
                ConnectionType.MANUAL, ConnectionType.ADDR_FETCH)) {
            PeerId id = a.connect(bEnd, type, FULL).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(a, id));
            var sent = a.query(pm -> pm.stats(id).sentPerMessage()).join();
            Peer p = a.query(pm -> pm.peer(id)).join();
            assertThat(p.connectionType()).isEqualTo(type);
            assertThat(sent.containsKey("getaddr")).as(type.rpcName()).isEqualTo(type != ConnectionType.BLOCK_RELAY);
            assertThat(sent.containsKey("feefilter")).as(type.rpcName()).isEqualTo(type != ConnectionType.BLOCK_RELAY);
        }
        // A feeler is closed by us as soon as the peer's version arrives.
        PeerId feeler = a.connect(bEnd, ConnectionType.FEELER, FULL).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.query(pm -> pm.peer(feeler) == null).join());
    }

    @Test
    void limitedPeersAreDroppedByAutomaticOutboundButNotByManualConnections() throws Exception {
        long limited = ServiceFlags.NODE_NETWORK_LIMITED | ServiceFlags.NODE_WITNESS;
        NetworkShell a = node(FULL, Duration.ofSeconds(60), 5);
        NetworkShell b = node(limited, Duration.ofSeconds(60), 6);
        a.start();
        NetEndpoint bEnd = endpoint(b.start().getFirst());
        PeerId auto = a.connect(bEnd, ConnectionType.OUTBOUND_FULL_RELAY, FULL).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.query(pm -> pm.peer(auto) == null).join());
        PeerId manual = a.connect(bEnd, ConnectionType.MANUAL, limited).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(a, manual));
    }

    @Test
    void aNodeConnectingToItselfIsDetected() throws Exception {
        NetworkShell a = node(FULL, Duration.ofSeconds(60), 7);
        NetEndpoint self = endpoint(a.start().getFirst());
        PeerId id = a.connect(self, ConnectionType.MANUAL, FULL).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.query(PeerManager::connectionCount).join() == 0);
        assertThat(a.query(pm -> pm.peer(id)).join()).isNull();
    }

    // ---- bad peers, over raw sockets -----------------------------------------------------------------------------

    static byte[] versionFrame(int magic) {
        PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
        return V1Envelope.encode(magic, new VersionMessage(70016, FULL, System.currentTimeMillis() / 1000, none, none,
                99, "/raw:1/", 0, true));
    }

    static boolean closedByPeer(Socket s) throws Exception {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        while (true) {
            try {
                if (in.read(buf) < 0) return true;
            } catch (java.net.SocketException e) {
                return true;
            }
        }
    }

    @Test
    void garbageWrongMagicAndOversizedHeadersAreDisconnectedWithoutHarmingOtherPeers() throws Exception {
        NetworkShell node = node(FULL, Duration.ofSeconds(60), 8);
        InetSocketAddress addr = node.start().getFirst();
        NetworkShell honest = node(FULL, Duration.ofSeconds(60), 9);
        honest.start();
        PeerId good = honest.connect(endpoint(addr), ConnectionType.MANUAL, FULL).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> handshaked(honest, good));

        byte[] garbage = new byte[64];
        new SplittableRandom(1).nextBytes(garbage);
        byte[] wrongMagic = versionFrame(0xF9BEB4D9);
        byte[] oversized = versionFrame(REGTEST);
        oversized[16] = 0x01;
        oversized[17] = 0x09;
        oversized[18] = 0x3d;
        for (byte[] attack : List.of(garbage, wrongMagic, java.util.Arrays.copyOf(oversized, 24))) {
            try (Socket s = new Socket(addr.getAddress(), addr.getPort())) {
                OutputStream out = s.getOutputStream();
                out.write(attack);
                out.flush();
                assertThat(closedByPeer(s)).isTrue();
            }
        }
        assertThat(handshaked(honest, good)).isTrue();
        // The attackers' sockets are closed; the node may still be tearing the last one down.
        await().atMost(Duration.ofSeconds(10)).until(() -> node.query(PeerManager::connectionCount).join() == 1);
    }

    @Test
    void aBadChecksumDropsTheMessageButKeepsThePeer() throws Exception {
        NetworkShell node = node(FULL, Duration.ofSeconds(60), 10);
        InetSocketAddress addr = node.start().getFirst();
        try (Socket s = new Socket(addr.getAddress(), addr.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(versionFrame(REGTEST));
            byte[] badPing = V1Envelope.encode(REGTEST, new PingMessage(5));
            badPing[badPing.length - 1] ^= 1;
            out.write(badPing);
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> node.query(pm -> pm.peerIds().stream()
                    .anyMatch(id -> pm.stats(id).receivedPerMessage().containsKey("*other*"))).join());
            assertThat(node.query(PeerManager::connectionCount).join()).isEqualTo(1);
        }
    }

    @Test
    void aPeerThatNeverSendsVersionIsDroppedAtThePeerTimeout() throws Exception {
        NetworkShell node = node(FULL, Duration.ofSeconds(2), 11);
        InetSocketAddress addr = node.start().getFirst();
        try (Socket s = new Socket(addr.getAddress(), addr.getPort())) {
            long start = System.nanoTime();
            assertThat(closedByPeer(s)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        }
    }

    @Test
    void aPeerThatStopsReadingCannotMakeTheNodeQueueUnboundedReplies() throws Exception {
        PeerManagerOptions opts = new PeerManagerOptions(FULL, "/Mooring:0.1.0/", false, PeerManagerOptions.MAX_MONEY,
                Duration.ofSeconds(60));
        int maxSend = 100_000;
        ShellOptions small = new ShellOptions(List.of(new InetSocketAddress("127.0.0.1", 0)), 125, 5_000_000, maxSend,
                null, null, true);
        NetworkShell node = new NetworkShell(REGTEST, small, Clock.systemUTC(),
                outbox -> new PeerManager(opts, new SplittableRandom(12), outbox));
        shells.add(node);
        InetSocketAddress addr = node.start().getFirst();
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(addr);
            OutputStream out = s.getOutputStream();
            out.write(versionFrame(REGTEST));
            out.write(V1Envelope.encode(REGTEST, io.mooring.wire.message.VerackMessage.INSTANCE));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> inboundHandshaked(node) == 1);
            PeerId id = node.query(pm -> pm.peerIds().iterator().next()).join();
            // 20 MB of pings whose pongs we never read.
            byte[] ping = V1Envelope.encode(REGTEST, new PingMessage(1));
            byte[] burst = new byte[ping.length * 2048];
            for (int i = 0; i < 2048; i++) System.arraycopy(ping, 0, burst, i * ping.length, ping.length);
            java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
            Thread flooder = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        out.write(burst);
                        written.addAndGet(burst.length);
                    }
                } catch (Exception e) {
                    // the node may close us; either way the flood stops
                }
            });
            long maxPending = 0;
            for (int i = 0; i < 30; i++) {
                Thread.sleep(100);
                maxPending = Math.max(maxPending, node.pendingSendBytes(id));
            }
            // The send queue stays near its bound (one read batch of replies may overshoot it), and the flooder is
            // blocked by TCP backpressure long before its 20 MB are through.
            assertThat(maxPending).isLessThan(maxSend + 300_000L);
            assertThat(written.get()).isLessThan(300L * burst.length);
            assertThat(flooder.isAlive()).isTrue();
            s.close();
            flooder.join(5000);
        }
    }
}
