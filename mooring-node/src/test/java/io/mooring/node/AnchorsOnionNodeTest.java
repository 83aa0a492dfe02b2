package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.rpc.RpcClient;
import io.mooring.wire.Hashes;
import io.mooring.wire.netaddress.NetEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The addrv2 part of Core's feature_anchors.py: a block-relay-only connection to a TorV3 address through -onion is
 * written to anchors.dat in addrv2 form with services NONE; after the services byte is patched and the checksum
 * recomputed, the restarted node tries that onion anchor through the SOCKS5 proxy.
 */
class AnchorsOnionNodeTest {
    static final String ONION_ADDR = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:8333";
    /** network magic, vector length, version, nTime: Core's test reads the first address's services here. */
    static final int SERVICES_INDEX = 4 + 1 + 4 + 4;
    static final int P2P_SERVICES = 0x09;

    @TempDir
    Path home;

    @Test
    void torV3AnchorIsStoredInAddrV2FormAndRetriedThroughTheOnionProxy() throws Exception {
        Path dir = Files.createDirectories(home.resolve("n"));
        int port = TestDaemons.freePort();
        int rpcPort = TestDaemons.freePort();
        Path anchors = dir.resolve("regtest").resolve("anchors.dat");
        Path debugLog = dir.resolve("regtest").resolve("debug.log");
        try (OutboundNodeTest.FakeSocks5 proxy = new OutboundNodeTest.FakeSocks5()) {
            String[] args = {"-regtest", "-datadir=" + dir, "-bind=127.0.0.1", "-port=" + port,
                    "-rpcport=" + rpcPort, "-printtoconsole=0", "-debug=net", "-dnsseed=0", "-fixedseeds=0",
                    "-onion=127.0.0.1:" + proxy.port()};
            try (NodeStartup.Ready ready = TestDaemons.prepare(home, args)) {
                MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
                node.start();
                try {
                    String cookie = Files.readString(ready.config().chainDir().resolve(".cookie")).trim();
                    RpcClient rpc = new RpcClient("127.0.0.1", rpcPort, cookie, Duration.ofSeconds(10));
                    ObjectMapper json = new ObjectMapper();
                    rpc.call("addconnection", json.createArrayNode().add(ONION_ADDR).add("block-relay-only")
                            .add(false));
                    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.destinations.contains(ONION_ADDR));
                } finally {
                    node.close();
                }
            }
            assertThat(Files.readString(debugLog))
                    .contains("DumpAnchors: Flush 1 outbound block-relay-only peer addresses to anchors.dat");

            byte[] data = Files.readAllBytes(anchors);
            assertThat(data[SERVICES_INDEX]).as("services NONE").isZero();
            byte[] pubkey = NetEndpoint.parse(ONION_ADDR).address().bytes().toArray();
            assertThat(HexFormat.of().formatHex(data)).contains(HexFormat.of().formatHex(pubkey));

            // Patch the services (a peer without our required services is never tried) and recompute the checksum.
            byte[] body = Arrays.copyOf(data, data.length - 32);
            body[SERVICES_INDEX] = P2P_SERVICES;
            byte[] patched = Arrays.copyOf(body, body.length + 32);
            Hashes.sha256d(body).writeTo(patched, body.length);
            Files.write(anchors, patched);

            proxy.destinations.clear();
            try (NodeStartup.Ready ready = TestDaemons.prepare(home, args)) {
                MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
                node.start();
                try {
                    await().atMost(Duration.ofSeconds(5)).until(() ->
                            Files.readString(debugLog).contains("Trying to make an anchor connection to " + ONION_ADDR));
                    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.destinations.contains(ONION_ADDR));
                    assertThat(Files.exists(anchors)).as("read and deleted at startup").isFalse();
                } finally {
                    node.close();
                }
            }
        }
    }
}
