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

/** Core's {@code -logips}: connection lines in debug.log name the peer's address only when it is set. */
class LogIpsNodeTest {
    @TempDir
    Path home;

    /** Runs a node with {@code -debug=net} plus {@code extra}, lets a raw peer connect and leave; the log text. */
    String logOfOneConnection(String name, String extra) throws Exception {
        Path datadir = Files.createDirectories(home.resolve(name));
        String[] args = {"-regtest", "-datadir=" + datadir, "-bind=127.0.0.1", "-port=" + TestDaemons.freePort(),
                "-connect=0", "-server=0", "-printtoconsole=0", "-debug=net", extra};
        int peerPort;
        try (NodeStartup.Ready ready = TestDaemons.prepare(home, args)) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            try {
                node.start();
                try (RawPeer p = RawPeer.handshake(node.boundAddresses().get(0), ready.config().chain().magic(), false,
                        true)) {
                    peerPort = p.localPort();
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> MooringNodeTest.count(node, ConnectionType.INBOUND) == 1);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> node.shell().query(pm -> pm.connectionCount()).join() == 0);
            } finally {
                node.close();
            }
        }
        String log = Files.readString(datadir.resolve("regtest/debug.log"));
        assertThat(log).as("the connection was logged").contains("New inbound peer connected");
        return log.replace("127.0.0.1:" + peerPort, "<PEER>");
    }

    @Test
    void connectionLinesCarryPeeraddrOnlyWithLogips() throws Exception {
        String with = logOfOneConnection("with", "-logips");
        assertThat(with).containsPattern("New inbound peer connected: transport: v1, version: 70016, peer=\\d+, "
                + "peeraddr=<PEER>\n");
        assertThat(with).containsPattern("Added connection to <PEER> peer=\\d+");
        assertThat(with).containsPattern("disconnecting peer=\\d+, peeraddr=<PEER>");

        String without = logOfOneConnection("without", "-nologips");
        assertThat(without).containsPattern("New inbound peer connected: transport: v1, version: 70016, peer=\\d+\n");
        assertThat(without).containsPattern("Added connection peer=\\d+\n");
        assertThat(without).doesNotContain("peeraddr=");
        // Core's CreateNodeFromAcceptedSocket names the address whatever -logips says; no other line does.
        assertThat(without.lines().filter(l -> l.contains("<PEER>")))
                .singleElement().asString().endsWith("[net] connection from <PEER> accepted");
    }
}
