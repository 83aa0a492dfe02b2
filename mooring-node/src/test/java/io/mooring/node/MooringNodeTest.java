package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.net.ConnectionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two daemons built from bitcoind-style options find each other through -connect on loopback. */
class MooringNodeTest {
    @TempDir
    Path home;

    NodeStartup.Ready prepare(String... args) throws Exception {
        return TestDaemons.prepare(home, args);
    }

    static int freePort() throws Exception {
        return TestDaemons.freePort();
    }

    static long count(MooringNode node, ConnectionType type) {
        return node.shell().query(pm -> pm.peerIds().stream().map(pm::peer)
                .filter(p -> p.connectionType() == type && p.isSuccessfullyConnected()).count()).join();
    }

    @Test
    void aNodeWithConnectReachesTheOtherAndBothShutDownCleanly() throws Exception {
        Path a = Files.createDirectories(home.resolve("a"));
        Path b = Files.createDirectories(home.resolve("b"));
        int port = freePort();
        try (NodeStartup.Ready ra = prepare("-regtest", "-datadir=" + a, "-bind=127.0.0.1", "-port=" + port,
                "-printtoconsole=0", "-server=0");
             NodeStartup.Ready rb = prepare("-regtest", "-datadir=" + b, "-listen=0", "-connect=127.0.0.1:" + port,
                     "-printtoconsole=0")) {
            MooringNode nodeA = new MooringNode(ra.config(), Clock.systemUTC());
            MooringNode nodeB = new MooringNode(rb.config(), Clock.systemUTC());
            try {
                nodeA.start();
                nodeB.start();
                assertThat(nodeB.boundAddresses()).isEmpty(); // -listen=0
                await().atMost(Duration.ofSeconds(15)).until(() -> count(nodeA, ConnectionType.INBOUND) == 1
                        && count(nodeB, ConnectionType.MANUAL) == 1);
            } finally {
                nodeB.close();
                nodeA.close();
            }
        }
        // The locks are released: the same datadirs can be used again.
        try (NodeStartup.Ready again = prepare("-regtest", "-datadir=" + a, "-listen=0", "-printtoconsole=0", "-server=0")) {
            assertThat(again.config().chainDir()).isEqualTo(a.resolve("regtest"));
        }
    }

    @Test
    void asmapFileIsLoadedAndAMalformedOneStopsStartup() throws Exception {
        Path dir = Files.createDirectories(home.resolve("asmap"));
        Path good = dir.resolve("good.map");
        Files.copy(Path.of(System.getProperty("mooring.root"), "..", "shared", "vectors", "asmap", "asmap.raw"), good);
        try (NodeStartup.Ready ready = prepare("-regtest", "-datadir=" + dir, "-listen=0", "-server=0",
                "-printtoconsole=0", "-asmap=" + good)) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            assertThat(node.netGroups().usingAsmap()).isTrue();
            assertThat(node.netGroups().mappedAs(io.mooring.wire.netaddress.NetAddress.parse("250.1.1.1"))).isEqualTo(1000);
            node.close();
        }
        Path bad = dir.resolve("bad.map");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(bad, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        try (NodeStartup.Ready ready = prepare("-regtest", "-datadir=" + dir, "-listen=0", "-server=0",
                "-printtoconsole=0", "-asmap=" + bad)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MooringNode(ready.config(), Clock.systemUTC()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("Could not parse asmap file");
        }
    }

    @Test
    void timeoutOptionIsHowLongAnOutboundConnectMayTake() throws Exception {
        Path dir = Files.createDirectories(home.resolve("timeout"));
        // A listener that never accepts, with its accept queue full: further connects hang until the dialler gives
        // up (Linux drops their SYNs), so only the connect timeout ends them.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress());
             NodeStartup.Ready ready = prepare("-regtest", "-datadir=" + dir, "-listen=0", "-connect=0", "-server=0",
                     "-printtoconsole=0", "-timeout=400")) {
            java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                java.net.Socket s = new java.net.Socket();
                try {
                    s.connect(silent.getLocalSocketAddress(), 300);
                } catch (java.io.IOException full) {
                    // the queue is full
                }
                fillers.add(s);
            }
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            try {
                node.start();
                long start = System.nanoTime();
                var attempt = node.shell().connect(io.mooring.wire.netaddress.NetEndpoint.parse(
                        "127.0.0.1:" + silent.getLocalPort()), ConnectionType.MANUAL, 0, false);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> attempt.get(10, java.util.concurrent.TimeUnit.SECONDS))
                        .isInstanceOf(java.util.concurrent.ExecutionException.class);
                long millis = (System.nanoTime() - start) / 1_000_000;
                // It waited for the timeout (not refused at once) and gave up at -timeout, not at Core's 5 s default.
                assertThat(millis).isBetween(350L, 3_000L);
            } finally {
                node.close();
                for (java.net.Socket s : fillers) s.close();
            }
        }
    }
}
