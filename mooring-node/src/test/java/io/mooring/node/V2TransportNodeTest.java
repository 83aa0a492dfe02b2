package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.net.ConnectionType;
import io.mooring.net.PeerId;
import io.mooring.netshell.NetworkShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BIP324 between daemons (Core's p2p_v2_transport.py, p2p_v2_misbehaving.py in part): two -v2transport nodes talk v2
 * with the same session id on both sides; a v1-only node reaches a v2 node (the responder falls back to v1); a v2
 * node that dials a v1-only node is hung up on and reconnects with v1.
 */
class V2TransportNodeTest {
    @TempDir
    Path home;

    MooringNode start(String name, String... extra) throws Exception {
        Path dir = Files.createDirectories(home.resolve(name));
        String[] base = {"-regtest", "-datadir=" + dir, "-printtoconsole=0", "-server=0", "-dnsseed=0",
            "-fixedseeds=0"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        MooringNode node = new MooringNode(TestDaemons.prepare(home, args).config(), Clock.systemUTC());
        node.start();
        return node;
    }

    /** Every node's debug.log, concatenated. */
    String allLogs() throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        for (String name : new String[] {"a", "b", "c", "d"}) {
            Path log = home.resolve(name).resolve("regtest/debug.log");
            if (Files.exists(log)) all.append(Files.readString(log));
        }
        return all.toString();
    }

    /** The transport and session id of every handshaked connection of {@code type}. */
    static List<NetworkShell.SocketInfo> sockets(MooringNode node, ConnectionType type) {
        return node.shell().query(pm -> pm.peerIds().stream()
                .filter(id -> pm.peer(id).connectionType() == type && pm.peer(id).isSuccessfullyConnected())
                .map((PeerId id) -> node.shell().socketInfo(id)).filter(java.util.Objects::nonNull).toList()).join();
    }

    @Test
    void v2NodesTalkV2AndV1NodesAreServedAndDialledWithV1() throws Exception {
        int portA = TestDaemons.freePort();
        int portD = TestDaemons.freePort();
        MooringNode a = start("a", "-bind=127.0.0.1", "-port=" + portA, "-connect=0");
        MooringNode v1Only = start("d", "-bind=127.0.0.1", "-port=" + portD, "-connect=0", "-v2transport=0");
        MooringNode b = null;
        MooringNode c = null;
        try {
            b = start("b", "-listen=0", "-connect=127.0.0.1:" + portA);
            c = start("c", "-listen=0", "-connect=127.0.0.1:" + portA, "-v2transport=0");
            MooringNode nb = b;
            MooringNode nc = c;
            // b (v2) and a (v2): an encrypted connection, the same session id on both ends.
            await().atMost(Duration.ofSeconds(15)).until(() -> sockets(nb, ConnectionType.MANUAL).size() == 1
                    && sockets(nc, ConnectionType.MANUAL).size() == 1 && sockets(a, ConnectionType.INBOUND).size() == 2);
            NetworkShell.SocketInfo fromB = sockets(nb, ConnectionType.MANUAL).getFirst();
            assertThat(fromB.transportProtocol()).isEqualTo("v2");
            assertThat(fromB.sessionId()).hasSize(64);
            assertThat(sockets(a, ConnectionType.INBOUND)).extracting(NetworkShell.SocketInfo::sessionId)
                    .contains(fromB.sessionId());
            // Core's connection line names the transport (the nodes share one process, so one of the logs holds it).
            await().atMost(Duration.ofSeconds(10)).until(() -> allLogs().contains(
                    "New manual peer connected: transport: v2, version: 70016")
                    && allLogs().contains("New manual peer connected: transport: v1, version: 70016"));
            // c (v1 only) to a (v2): a's responder saw a v1 version and carried on in v1.
            assertThat(sockets(nc, ConnectionType.MANUAL).getFirst().transportProtocol()).isEqualTo("v1");
            assertThat(sockets(a, ConnectionType.INBOUND)).extracting(NetworkShell.SocketInfo::transportProtocol)
                    .containsExactlyInAnyOrder("v1", "v2");

            // b dials the v1-only node: v2 first (a manual connection), the peer hangs up on the key, b retries in v1.
            b.shell().connect(io.mooring.wire.netaddress.NetEndpoint.parse("127.0.0.1:" + portD), ConnectionType.MANUAL,
                    0);
            await().atMost(Duration.ofSeconds(15)).until(() -> sockets(nb, ConnectionType.MANUAL).stream()
                    .anyMatch(s -> s.transportProtocol().equals("v1")));
            assertThat(sockets(v1Only, ConnectionType.INBOUND)).singleElement()
                    .satisfies(s -> assertThat(s.transportProtocol()).isEqualTo("v1"));
        } finally {
            for (MooringNode n : new MooringNode[] {b, c, a, v1Only}) {
                if (n != null) n.close();
            }
        }
    }
}
