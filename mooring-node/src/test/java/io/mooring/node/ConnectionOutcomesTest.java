package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.net.ConnectionType;
import io.mooring.net.PeerId;
import io.mooring.net.TransportEvent;
import io.mooring.wire.message.VerackMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's Good/SetServices on an accepted outbound version, fed into the node's address manager. */
class ConnectionOutcomesTest {
    @TempDir
    Path home;

    @Test
    void anOutboundPeerWhoseVersionIsAcceptedMovesToTheTriedTable() throws Exception {
        Path dir = Files.createDirectories(home.resolve("d"));
        try (NodeStartup.Ready ready = TestDaemons.prepare(home, "-regtest", "-datadir=" + dir, "-listen=0",
                "-server=0", "-printtoconsole=0", "-connect=0")) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            node.start();
            try {
                NetEndpoint remote = NetEndpoint.parse("11.22.33.44:8333");
                long full = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
                Instant now = Instant.now();
                int tried = node.shell().query(pm -> {
                    node.addrMan().add(List.of(new PeerAddress(now.getEpochSecond() - 60, ServiceFlags.NODE_NETWORK,
                            remote)), NetAddress.parse("55.66.77.88"), now);
                    // Drive the peer manager as the shell would, without a socket (the outbox finds no channel).
                    PeerId id = new PeerId(1_000_000);
                    pm.onConnected(id, ConnectionType.OUTBOUND_FULL_RELAY, remote, full, false, now);
                    PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
                    pm.onTransportEvent(id, new TransportEvent.MessageReceived(new VersionMessage(70016, full,
                            now.getEpochSecond(), none, none, 7, "/x/", 1, true), 100), now);
                    pm.onTransportEvent(id, new TransportEvent.MessageReceived(VerackMessage.INSTANCE, 24), now);
                    return node.addrMan().triedCount();
                }).join();
                assertThat(tried).isEqualTo(1);
                long services = node.shell().query(pm -> node.addrMan().info(remote).orElseThrow().services()).join();
                assertThat(services).isEqualTo(full);
            } finally {
                node.close();
            }
        }
    }
}
