package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.net.ConnectionType;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery by addr exchange between running nodes: B asks A (getaddr), A answers from its address manager. */
class AddrExchangeNodeTest {
    @TempDir
    Path home;

    @Test
    void anOutboundConnectionLearnsTheAddressesItsPeerKnows() throws Exception {
        Path da = Files.createDirectories(home.resolve("a"));
        Path db = Files.createDirectories(home.resolve("b"));
        int pa = TestDaemons.freePort();
        try (NodeStartup.Ready ra = TestDaemons.prepare(home, "-regtest", "-datadir=" + da, "-bind=127.0.0.1",
                // -connect=0: A only serves its addresses; it must not dial them (they are routable, not loopback).
                "-port=" + pa, "-server=0", "-printtoconsole=0", "-connect=0");
             NodeStartup.Ready rb = TestDaemons.prepare(home, "-regtest", "-datadir=" + db, "-listen=0", "-server=0",
                     "-printtoconsole=0", "-connect=127.0.0.1:" + pa)) {
            MooringNode a = new MooringNode(ra.config(), Clock.systemUTC());
            a.start();
            List<PeerAddress> known = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                known.add(new PeerAddress(Instant.now().getEpochSecond() - 600,
                        ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS,
                        NetEndpoint.parse((20 + i) + ".1." + i + ".7:8333")));
            }
            a.shell().onLoop(() -> a.addrMan().add(known, NetAddress.parse("99.1.2.3"), Instant.now())).join();
            MooringNode b = new MooringNode(rb.config(), Clock.systemUTC());
            b.start();
            try {
                await().atMost(Duration.ofSeconds(15)).until(() ->
                        b.shell().query(pm -> b.addrMan().size()).join() >= 10);
                assertThat(b.shell().query(pm -> pm.peerIds().stream().map(pm::peer)
                        .anyMatch(p -> p.connectionType() == ConnectionType.MANUAL && p.addrProcessed() > 0)).join())
                        .isTrue();
            } finally {
                b.close();
                a.close();
            }
        }
    }
}
