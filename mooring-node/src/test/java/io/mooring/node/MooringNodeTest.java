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
}
