package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mooring.chain.ChainParamsLoader;
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

/** -seednode addr-fetch connections and the fixed-seed fallback in a running node. */
class SeedSourcesNodeTest {
    @TempDir
    Path home;

    @Test
    void aSeedNodeIsAskedForAddressesOnceAndLeft() throws Exception {
        Path da = Files.createDirectories(home.resolve("a"));
        Path db = Files.createDirectories(home.resolve("b"));
        int pa = TestDaemons.freePort();
        try (NodeStartup.Ready ra = TestDaemons.prepare(home, "-regtest", "-datadir=" + da, "-bind=127.0.0.1",
                "-port=" + pa, "-server=0", "-printtoconsole=0", "-dnsseed=0", "-fixedseeds=0");
             NodeStartup.Ready rb = TestDaemons.prepare(home, "-regtest", "-datadir=" + db, "-listen=0", "-server=0",
                     "-printtoconsole=0", "-dnsseed=0", "-seednode=127.0.0.1:" + pa)) {
            MooringNode a = new MooringNode(ra.config(), Clock.systemUTC());
            a.start();
            List<PeerAddress> known = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                known.add(new PeerAddress(Instant.now().getEpochSecond() - 600,
                        ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS,
                        NetEndpoint.parse((30 + i) + ".2." + i + ".9:8333")));
            }
            a.shell().onLoop(() -> a.addrMan().add(known, NetAddress.parse("99.1.2.3"), Instant.now())).join();
            MooringNode b = new MooringNode(rb.config(), Clock.systemUTC());
            b.start();
            try {
                // B's address manager is empty, so the seed node is used at once, as an addr-fetch connection.
                await().atMost(Duration.ofSeconds(15)).until(() -> b.shell().query(pm -> b.addrMan().size()).join() >= 5);
                // The answer ends the addr-fetch connection: A sees its inbound peer leave.
                await().atMost(Duration.ofSeconds(15)).until(() -> a.shell().query(pm -> pm.connectionCount()).join() == 0);
                assertThat(b.shell().query(pm -> pm.peerIds().stream().map(pm::peer)
                        .noneMatch(p -> p.connectionType() != ConnectionType.ADDR_FETCH)).join()).isTrue();
            } finally {
                b.close();
                a.close();
            }
        }
    }

    @Test
    void withoutDnsSeedsSeedNodesOrAddedNodesTheFixedSeedsAreAddedAtOnce() throws Exception {
        ObjectNode chain = (ObjectNode) new ObjectMapper().readTree(
                ChainParamsLoader.toJson(ChainParamsLoader.builtIn("regtest")));
        chain.put("id", "fixedtest");
        chain.put("dataDirName", "fixedtest");
        chain.putArray("fixedSeeds").add("1.2.3.4:18444").add("5.6.7.8:18444").add("[2001:4860::1]:18444");
        Path file = Files.writeString(home.resolve("fixedtest.json"), chain.toString());
        try (NodeStartup.Ready r = TestDaemons.prepare(home, "-chain=" + file, "-datadir=" + home, "-listen=0",
                "-server=0", "-printtoconsole=0", "-dnsseed=0")) {
            MooringNode node = new MooringNode(r.config(), Clock.systemUTC());
            node.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> node.shell().query(pm -> node.addrMan().size())
                        .join() == 3);
            } finally {
                node.close();
            }
        }
        Files.createDirectories(home.resolve("x"));
        try (NodeStartup.Ready r = TestDaemons.prepare(home, "-chain=" + file, "-datadir=" + home.resolve("x"),
                "-listen=0", "-server=0", "-printtoconsole=0", "-dnsseed=0", "-fixedseeds=0")) {
            MooringNode node = new MooringNode(r.config(), Clock.systemUTC());
            node.start();
            try {
                Thread.sleep(1500);
                assertThat(node.shell().query(pm -> node.addrMan().size()).join()).isZero();
            } finally {
                node.close();
            }
        }
    }
}
