package io.mooring.connman;

import static io.mooring.connman.OutboundSim.FULL;
import static io.mooring.connman.OutboundSim.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.addrman.AddrMan;
import io.mooring.addrman.PeersDat;
import io.mooring.anchors.AnchorQueue;
import io.mooring.anchors.AnchorsDat;
import io.mooring.connman.OutboundAction.OpenConnection;
import io.mooring.net.ConnectionType;
import io.mooring.netgroup.NetGroupManager;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The restart eclipse attack anchors defend against (Core PR #15759): an attacker fills every inbound slot and floods
 * our address manager with its own addresses right before we shut down, hoping to own all our connections after the
 * restart. Real AddrMan (through peers.dat bytes), real anchors.dat bytes, the policy, and a fake network that knows
 * which endpoints are honest.
 */
class OutboundEclipseTest {
    static final int MAGIC = 0xdab5bffa; // regtest
    static final byte[] MAGIC_BYTES = {(byte) 0xfa, (byte) 0xbf, (byte) 0xb5, (byte) 0xda};
    /** The attacker owns 8 /16 networks (e.g. a few rented server ranges). */
    static final int ATTACKER_NETS = 8;

    static boolean honest(NetEndpoint e) {
        return !e.address().toString().startsWith("66.");
    }

    static NetAddress attackerAddress(int net, int host) {
        return NetEndpoint.parse("66." + net + "." + (host / 250) + "." + (1 + host % 250) + ":8333").address();
    }

    @Test
    void afterAnInboundFloodAndRestartTheFirstConnectionsAreTheHonestAnchors() throws Exception {
        NetGroupManager groups = NetGroupManager.noAsmap();
        AddrMan am = AddrMan.create(groups, new SplittableRandom(21));
        // Honest history: 600 addresses in 300 /16s learned from honest peers; the 150 we once connected to are tried.
        List<PeerAddress> honestAddrs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            int g = i / 2;
            honestAddrs.add(new PeerAddress(T0.getEpochSecond() - 7200, FULL,
                    NetEndpoint.parse((130 + g % 90) + "." + (1 + g / 90) + ".0." + (1 + i % 2) + ":8333")));
        }
        for (PeerAddress a : honestAddrs) {
            am.add(List.of(a), NetEndpoint.parse((20 + (a.address().hashCode() & 63)) + ".200.0.1:8333").address(),
                    T0.minusSeconds(86_400));
        }
        for (int i = 0; i < 600; i += 4) am.good(honestAddrs.get(i).endpoint(), T0.minusSeconds(3600));

        // Running before the attack: the policy fills its outbound slots from honest addresses.
        OutboundSim before = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 21));
        Instant t = before.run(T0, Duration.ofSeconds(30));
        assertThat(before.count(ConnectionType.BLOCK_RELAY)).isEqualTo(2);
        List<NetEndpoint> honestAnchors = before.peers.stream().filter(p -> p.type() == ConnectionType.BLOCK_RELAY)
                .map(OutboundPeerView::endpoint).toList();

        // The attack: 114 inbound connections from the attacker's networks (every inbound slot at the default
        // -maxconnections), each flooding 1,000 addresses in the attacker's ranges just before shutdown.
        long id = 1000;
        for (int c = 0; c < 114; c++) {
            NetAddress from = attackerAddress(c % ATTACKER_NETS, 1000 + c);
            before.peers.add(OutboundPeerView.of(id++, new NetEndpoint(from, 8333), ConnectionType.INBOUND, true,
                    false, t));
            List<PeerAddress> flood = new ArrayList<>();
            for (int k = 0; k < 1000; k++) {
                flood.add(new PeerAddress(t.getEpochSecond(), FULL,
                        new NetEndpoint(attackerAddress((c + k) % ATTACKER_NETS, (c * 1000 + k) % 60_000), 8333)));
            }
            am.add(flood, from, Duration.ofHours(2), t);
        }
        // Inbound peers do not move our outbound connections.
        before.run(t, Duration.ofSeconds(10));
        assertThat(before.peers.stream().filter(p -> p.type().isOutbound())).allMatch(p -> honest(p.endpoint()));
        int attackerEntries = 0;
        for (var e : am.entries(false)) if (!honest(e.getKey().endpoint())) attackerEntries++;
        assertThat(attackerEntries).as("the flood landed in the new table").isGreaterThan(am.newCount() / 2);

        // Clean shutdown: anchors.dat (the block-relay-only peers as they were at connect time) and peers.dat.
        List<PeerAddress> blockRelay = new ArrayList<>();
        for (OutboundPeerView p : before.peers) {
            if (p.type() == ConnectionType.BLOCK_RELAY) {
                blockRelay.add(new PeerAddress(p.connectedAt().getEpochSecond(), FULL, p.endpoint()));
            }
        }
        byte[] anchorsDat = AnchorsDat.encode(MAGIC, AnchorsDat.selectForDump(blockRelay));
        byte[] peersDat = PeersDat.write(am, MAGIC_BYTES);

        // Restart: everything comes back from the bytes. The attacker's nodes are up and accept connections too.
        AddrMan restored = PeersDat.read(peersDat, MAGIC_BYTES, groups, new SplittableRandom(22));
        AnchorQueue anchors = new AnchorQueue(AnchorsDat.decode(MAGIC, anchorsDat));
        Instant restart = t.plusSeconds(60);
        OutboundPolicy policy = new OutboundPolicy(OutboundSim.options(), restored, anchors, a -> false, e -> false,
                new SplittableRandom(23), restart);
        OutboundSim after = new OutboundSim(policy);
        after.run(restart, Duration.ofSeconds(30));

        List<OpenConnection> first = after.opened;
        assertThat(first.subList(0, 2)).allMatch(o -> o.type() == ConnectionType.BLOCK_RELAY
                && o.reason() == OutboundAction.Reason.ANCHOR);
        assertThat(first.subList(0, 2)).extracting(o -> o.address().endpoint())
                .containsExactlyInAnyOrderElementsOf(honestAnchors);
        // The first round: the 10 persistent outbound connections (2 anchors + 8 full relay).
        List<OpenConnection> round = first.subList(0, 10);
        long attacker = round.stream().filter(o -> !honest(o.address().endpoint())).count();
        double fraction = attacker / 10.0;
        System.out.printf("eclipse: attacker share of the first 10 outbound connections = %.2f (%d/10); "
                + "address manager: %d new (%d attacker), %d tried%n", fraction, attacker, restored.newCount(),
                attackerEntries, restored.triedCount());
        // Netgroup diversity caps the attacker at one peer per /16 it owns; the anchors are honest whatever it sends.
        assertThat(attacker).isLessThanOrEqualTo(ATTACKER_NETS);
        assertThat(fraction).isLessThan(0.5);
        assertThat(after.peers.stream().filter(p -> p.type() == ConnectionType.BLOCK_RELAY))
                .allMatch(p -> honest(p.endpoint()));
    }
}
