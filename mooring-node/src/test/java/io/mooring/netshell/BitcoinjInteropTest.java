package io.mooring.netshell;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.net.ConnectionType;
import io.mooring.net.PeerManager;
import io.mooring.net.PeerManagerOptions;
import io.mooring.wire.netaddress.ServiceFlags;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.Peer;
import org.bitcoinj.core.PeerAddress;
import org.bitcoinj.core.PeerGroup;
import org.junit.jupiter.api.Test;

/** bitcoinj, an independent implementation, connects to a running Mooring node, completes the handshake and pings. */
class BitcoinjInteropTest {
    @Test
    void bitcoinjPeerCompletesTheHandshakeAndExchangesPings() throws Exception {
        long services = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
        PeerManagerOptions opts = new PeerManagerOptions(services, "/Mooring:0.1.0/", false, PeerManagerOptions.MAX_MONEY,
                Duration.ofSeconds(60));
        try (NetworkShell node = new NetworkShell(0xFABFB5DA, ShellOptions.loopbackDefaults(0), Clock.systemUTC(),
                outbox -> new PeerManager(opts, new SplittableRandom(3), outbox))) {
            InetSocketAddress addr = node.start().getFirst();
            PeerGroup group = new PeerGroup(BitcoinNetwork.REGTEST);
            try {
                group.setRequiredServices(0);
                group.setMaxConnections(1);
                group.addAddress(PeerAddress.simple(addr));
                group.start();
                List<Peer> peers = group.waitForPeers(1).get(20, TimeUnit.SECONDS);
                Peer peer = peers.getFirst();
                assertThat(peer.getPeerVersionMessage().subVer).isEqualTo("/Mooring:0.1.0/");
                Duration rtt = peer.sendPing().get(20, TimeUnit.SECONDS);
                assertThat(rtt.isNegative()).isFalse();
                // And Mooring sees bitcoinj as a fully connected inbound peer.
                boolean seen = node.query(pm -> pm.peerIds().stream().map(pm::peer).anyMatch(p ->
                        p.connectionType() == ConnectionType.INBOUND && p.isSuccessfullyConnected()
                                && p.theirVersion().userAgent().contains("bitcoinj"))).join();
                assertThat(seen).isTrue();
            } finally {
                group.stop();
            }
        }
    }
}
