package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The node keeps what its address manager learned across restarts, and survives a corrupted peers.dat. */
class PeersDatNodeTest {
    @TempDir
    Path home;

    NodeStartup.Ready prepare(Path datadir) throws Exception {
        return TestDaemons.prepare(home, "-regtest", "-datadir=" + datadir, "-listen=0", "-server=0",
                // -connect=0: the routable addresses this test stores must not be dialled (tests stay on loopback).
                "-connect=0",
                "-printtoconsole=0");
    }

    static int size(MooringNode node) {
        return node.shell().query(pm -> node.addrMan().size()).join();
    }

    @Test
    void aRestartedNodeKeepsWhatItsAddressManagerLearned() throws Exception {
        Path dir = Files.createDirectories(home.resolve("d"));
        try (NodeStartup.Ready ready = prepare(dir)) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            node.start();
            assertThat(size(node)).isZero();
            PeerAddress learned = new PeerAddress(Instant.now().getEpochSecond() - 3600,
                    ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS, NetEndpoint.parse("11.22.33.44:8333"));
            node.shell().onLoop(() -> node.addrMan().add(List.of(learned), NetAddress.parse("55.66.77.88"),
                    Instant.now())).join();
            assertThat(size(node)).isEqualTo(1);
            node.close();
        }
        assertThat(dir.resolve("regtest/peers.dat")).exists();
        try (NodeStartup.Ready ready = prepare(dir)) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            node.start();
            assertThat(size(node)).isEqualTo(1);
            node.close();
        }
    }

    @Test
    void aCorruptedPeersDatIsSetAsideAndTheNodeStartsEmpty() throws Exception {
        Path dir = Files.createDirectories(home.resolve("c"));
        Path chainDir = Files.createDirectories(dir.resolve("regtest"));
        byte[] garbage = "this is not an address database".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(chainDir.resolve("peers.dat"), garbage);
        try (NodeStartup.Ready ready = prepare(dir)) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            node.start();
            assertThat(size(node)).isZero();
            node.close();
        }
        // The evidence is kept, and a valid new file replaced it at shutdown.
        assertThat(Files.readAllBytes(chainDir.resolve("peers.dat.bak"))).isEqualTo(garbage);
        assertThat(Files.readAllBytes(chainDir.resolve("peers.dat"))).isNotEqualTo(garbage)
                .startsWith(0xfa, 0xbf, 0xb5, 0xda);
    }

    @Test
    void aTruncatedRealFileOfAnotherNetworkIsAlsoSetAside() throws Exception {
        Path dir = Files.createDirectories(home.resolve("m"));
        Path chainDir = Files.createDirectories(dir.resolve("regtest"));
        // The real mainnet peers.dat has the wrong magic for regtest.
        Files.copy(Path.of(System.getProperty("mooring.root"), "..", "shared", "vectors", "peers_dat", "peers.dat"),
                chainDir.resolve("peers.dat"));
        try (NodeStartup.Ready ready = prepare(dir)) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            node.start();
            assertThat(size(node)).isZero();
            node.close();
        }
        assertThat(chainDir.resolve("peers.dat.bak")).exists();
    }

    @Test
    void aCorruptedBanlistIsSetAsideAndTheNodeStartsWithNoBans() throws Exception {
        Path dir = Files.createDirectories(home.resolve("b"));
        Path chainDir = Files.createDirectories(dir.resolve("regtest"));
        Files.writeString(chainDir.resolve("banlist.json"), "{ not json");
        try (NodeStartup.Ready ready = prepare(dir)) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            node.start();
            assertThat(node.shell().query(pm -> node.banMan().listBanned(Instant.now()).size()).join()).isZero();
            node.close();
        }
        assertThat(Files.readString(chainDir.resolve("banlist.json.bak"))).isEqualTo("{ not json");
        assertThat(Files.readString(chainDir.resolve("banlist.json"))).contains("banned_nets");
    }
}
