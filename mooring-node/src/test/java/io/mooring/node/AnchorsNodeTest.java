package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.net.ConnectionType;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.ServiceFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** feature_anchors.py, replayed against running nodes on loopback. */
class AnchorsNodeTest {
    static final long FULL = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;

    @TempDir
    Path home;

    NodeStartup.Ready prepare(Path dir, int port) throws Exception {
        return TestDaemons.prepare(home, "-regtest", "-datadir=" + dir, "-bind=127.0.0.1", "-port=" + port,
                "-server=0", "-printtoconsole=0");
    }

    static long count(MooringNode node, ConnectionType type) {
        return node.shell().query(pm -> pm.peerIds().stream().map(pm::peer)
                .filter(p -> p.connectionType() == type && p.isSuccessfullyConnected()).count()).join();
    }

    @Test
    void onlyBlockRelayOnlyPeersBecomeAnchorsAndAreReconnectedFirstAfterRestart() throws Exception {
        Path da = Files.createDirectories(home.resolve("a"));
        Path d1 = Files.createDirectories(home.resolve("b1"));
        Path d2 = Files.createDirectories(home.resolve("b2"));
        int pa = TestDaemons.freePort();
        int p1 = TestDaemons.freePort();
        int p2 = TestDaemons.freePort();
        try (NodeStartup.Ready r1 = prepare(d1, p1); NodeStartup.Ready r2 = prepare(d2, p2)) {
            MooringNode b1 = new MooringNode(r1.config(), Clock.systemUTC());
            MooringNode b2 = new MooringNode(r2.config(), Clock.systemUTC());
            b1.start();
            b2.start();
            try {
                Path anchorsFile = da.resolve("regtest").resolve("anchors.dat");
                try (NodeStartup.Ready ra = prepare(da, pa)) {
                    MooringNode a = new MooringNode(ra.config(), Clock.systemUTC());
                    a.start();
                    a.shell().connect(NetEndpoint.parse("127.0.0.1:" + p1), ConnectionType.BLOCK_RELAY, FULL).join();
                    a.shell().connect(NetEndpoint.parse("127.0.0.1:" + p2), ConnectionType.BLOCK_RELAY, FULL).join();
                    a.shell().connect(NetEndpoint.parse("127.0.0.1:" + p1), ConnectionType.OUTBOUND_FULL_RELAY, FULL).join();
                    b2.shell().connect(NetEndpoint.parse("127.0.0.1:" + pa), ConnectionType.MANUAL, FULL).join();
                    await().atMost(Duration.ofSeconds(10)).alias("2 block-relay, 1 full-relay, 1 inbound").until(() ->
                            count(a, ConnectionType.BLOCK_RELAY) + "/" + count(a, ConnectionType.OUTBOUND_FULL_RELAY)
                                    + "/" + count(a, ConnectionType.INBOUND), c -> c.equals("2/1/1"));
                    a.close();
                }
                // The file holds exactly the two block-relay-only peers: 7f000001 + port, twice, in addrv2 disk form.
                byte[] bytes = Files.readAllBytes(anchorsFile);
                String hex = HexFormat.of().formatHex(bytes);
                assertThat(bytes[4]).isEqualTo((byte) 2);
                assertThat(hex).contains("7f000001" + String.format("%04x", p1), "7f000001" + String.format("%04x", p2));
                // Services at offset 13 as a CompactSize: NETWORK | WITNESS | P2P_V2 (the peers' -v2transport) = 0x809.
                assertThat(HexFormat.of().formatHex(bytes, 13, 16)).isEqualTo("fd0908");

                try (NodeStartup.Ready ra = prepare(da, pa)) {
                    MooringNode a = new MooringNode(ra.config(), Clock.systemUTC());
                    a.start();
                    assertThat(anchorsFile).doesNotExist();
                    // Both anchors are 127.0.0.1, and all local addresses form one netgroup (Core's GetGroup): the
                    // outbound policy reconnects the last anchor in the file and drops the other for sharing its
                    // netgroup, exactly as Core's ThreadOpenConnections does. Nothing else is opened (empty addrman).
                    await().atMost(Duration.ofSeconds(10)).until(() -> count(a, ConnectionType.BLOCK_RELAY) == 1);
                    Thread.sleep(1500);
                    assertThat(count(a, ConnectionType.BLOCK_RELAY)).isEqualTo(1);
                    assertThat(a.shell().query(pm -> pm.connectionCount()).join()).isEqualTo(1);
                    a.close();
                }

                // A corrupted file (a byte inserted at offset 20, as Core's test) is deleted and nothing is tried.
                byte[] current = Files.readAllBytes(anchorsFile);
                byte[] corrupt = new byte[current.length + 1];
                System.arraycopy(current, 0, corrupt, 0, 20);
                corrupt[20] = 0x42;
                System.arraycopy(current, 20, corrupt, 21, current.length - 20);
                Files.write(anchorsFile, corrupt);
                try (NodeStartup.Ready ra = prepare(da, pa)) {
                    MooringNode a = new MooringNode(ra.config(), Clock.systemUTC());
                    a.start();
                    assertThat(anchorsFile).doesNotExist();
                    Thread.sleep(1000);
                    assertThat(count(a, ConnectionType.BLOCK_RELAY)).isZero();
                    a.close();
                }
            } finally {
                b1.close();
                b2.close();
            }
        }
    }
}
