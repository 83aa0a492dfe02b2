package io.mooring.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.message.AddrMessage;
import io.mooring.wire.message.AddrV2Message;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.SendAddrV2Message;
import io.mooring.wire.message.VerackMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Core's RelayAddress: a fresh gossiped address goes on to one or two peers, the same ones all day. */
class AddrRelayTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final long FULL = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
    static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:8333";

    final Map<PeerId, List<Message>> sent = new LinkedHashMap<>();
    PeerManager pm = manager(PeerManagerOptions.defaults("/Mooring:0.1.0/"));

    PeerManager manager(PeerManagerOptions options) {
        return new PeerManager(options, new SplittableRandom(7), new NodeOutbox() {
            @Override
            public void send(PeerId peer, Message message) {
                sent.computeIfAbsent(peer, k -> new ArrayList<>()).add(message);
            }

            @Override
            public void disconnect(PeerId peer, String reason) {
            }
        });
    }

    PeerId connect(long id, ConnectionType type, boolean addrv2) {
        PeerId peer = new PeerId(id);
        pm.onConnected(peer, type, NetEndpoint.parse("22.0." + id + ".1:8333"), FULL, false, T0);
        PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
        pm.onTransportEvent(peer, new TransportEvent.MessageReceived(new VersionMessage(70016, FULL,
                T0.getEpochSecond(), none, none, 100 + id, "/x/", 1, true), 100), T0);
        if (addrv2) pm.onTransportEvent(peer, new TransportEvent.MessageReceived(SendAddrV2Message.INSTANCE, 24), T0);
        pm.onTransportEvent(peer, new TransportEvent.MessageReceived(VerackMessage.INSTANCE, 24), T0);
        return peer;
    }

    /** Eight outbound full-relay peers (1-8, addrv2 for the even ones), two block-relay-only (9, 10), one sender. */
    PeerId network() {
        for (long i = 1; i <= 8; i++) connect(i, ConnectionType.OUTBOUND_FULL_RELAY, i % 2 == 0);
        connect(9, ConnectionType.BLOCK_RELAY, true);
        connect(10, ConnectionType.BLOCK_RELAY, true);
        PeerId sender = connect(20, ConnectionType.INBOUND, true);
        sent.clear();
        return sender;
    }

    void announce(PeerId from, Instant now, PeerAddress... addresses) {
        pm.onTransportEvent(from, new TransportEvent.MessageReceived(new AddrV2Message(List.of(addresses)), 40), now);
    }

    static PeerAddress fresh(String endpoint, Instant now) {
        return new PeerAddress(now.getEpochSecond() - 60, FULL, NetEndpoint.parse(endpoint));
    }

    /** Peers that were sent {@code a} in an addr or addrv2 message. */
    Set<PeerId> receivers(PeerAddress a) {
        Set<PeerId> out = new HashSet<>();
        sent.forEach((peer, messages) -> {
            for (Message m : messages) {
                List<PeerAddress> list = m instanceof AddrMessage am ? am.addresses()
                        : m instanceof AddrV2Message av ? av.addresses() : List.of();
                if (list.stream().anyMatch(x -> x.endpoint().equals(a.endpoint()))) out.add(peer);
            }
        });
        return out;
    }

    @Test
    void aFreshReachableAddressReachesExactlyTwoAddrRelayPeersButNotTheSenderNorBlockRelayOnes() {
        PeerId sender = network();
        PeerAddress a = fresh("33.4.5.6:8333", T0);
        announce(sender, T0, a);
        pm.onTick(T0.plusSeconds(1));
        Set<PeerId> got = receivers(a);
        assertThat(got).hasSize(2).doesNotContain(sender, new PeerId(9), new PeerId(10));
        // The targets were queued and flushed: nothing is left waiting.
        got.forEach(p -> assertThat(pm.addrsToSend(p)).isEmpty());
    }

    @Test
    void theSameAddressAnnouncedAgainLaterTheSameDayIsNotSentAgainToPeersThatKnowIt() {
        PeerId sender = network();
        PeerAddress a = fresh("33.4.5.6:8333", T0);
        announce(sender, T0, a);
        pm.onTick(T0.plusSeconds(1));
        Set<PeerId> first = receivers(a);
        sent.clear();
        Instant later = T0.plusSeconds(200); // tokens refilled (0.1/s), same relay day for the address unless at a boundary
        announce(sender, later, fresh("33.4.5.6:8333", later));
        pm.onTick(later.plusSeconds(120));
        assertThat(first).hasSize(2);
        assertThat(receivers(a)).isEmpty();
    }

    @Test
    void targetsStayTheSameWithinADayAndChangeWhenTheDayTurns() {
        List<AddrRelay.Candidate> candidates = new ArrayList<>();
        for (long i = 1; i <= 20; i++) candidates.add(new AddrRelay.Candidate(new PeerId(i), true));
        PeerAddress a = fresh("33.4.5.6:8333", T0);
        long k0 = 0x0123456789abcdefL;
        long k1 = 0x0fedcba987654321L;
        long day = AddrRelay.ROTATE_ADDR_RELAY_DEST_INTERVAL.toSeconds();
        long intoDay = Long.remainderUnsigned(T0.getEpochSecond() + AddrRelay.serviceHash(a), day);
        Instant dayStart = T0.minusSeconds(intoDay);
        List<PeerId> today = AddrRelay.chooseTargets(a, true, candidates, k0, k1, dayStart);
        assertThat(today).hasSize(2);
        assertThat(AddrRelay.chooseTargets(a, true, candidates, k0, k1, dayStart.plusSeconds(day - 1)))
                .isEqualTo(today);
        int changed = 0;
        for (int d = 1; d <= 5; d++) {
            List<PeerId> other = AddrRelay.chooseTargets(a, true, candidates, k0, k1, dayStart.plusSeconds(d * day));
            assertThat(other).hasSize(2);
            if (!new HashSet<>(other).equals(new HashSet<>(today))) changed++;
        }
        assertThat(changed).isGreaterThanOrEqualTo(4);
        // Another node (another key) picks its own targets for the same address and day.
        assertThat(AddrRelay.chooseTargets(a, true, candidates, ~k0, k1, dayStart)).isNotEqualTo(today);
    }

    @Test
    void unreachableAddressesGoToOneOrTwoPeersAndNeverToV1Peers() {
        List<AddrRelay.Candidate> candidates = new ArrayList<>();
        for (long i = 1; i <= 20; i++) candidates.add(new AddrRelay.Candidate(new PeerId(i), i % 2 == 0));
        Set<Integer> counts = new HashSet<>();
        for (int port = 1000; port < 1040; port++) {
            PeerAddress onion = fresh(ONION.replace("8333", Integer.toString(port)), T0);
            List<PeerId> targets = AddrRelay.chooseTargets(onion, false, candidates, 5, 6, T0);
            counts.add(targets.size());
            assertThat(targets).allMatch(p -> p.value() % 2 == 0);
        }
        assertThat(counts).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void largeMessagesStaleAddressesAndUnroutableAddressesAreNotRelayed() {
        network();
        // An outbound sender: its getaddr bought 1,000 tokens; an empty addr message clears "getaddr outstanding".
        PeerId sender = connect(21, ConnectionType.OUTBOUND_FULL_RELAY, true);
        announce(sender, T0);
        List<PeerAddress> eleven = new ArrayList<>();
        for (int i = 1; i <= 11; i++) eleven.add(fresh("44.0.0." + i + ":8333", T0));
        announce(sender, T0, eleven.toArray(PeerAddress[]::new));
        PeerAddress stale = new PeerAddress(T0.getEpochSecond() - 11 * 60, FULL, NetEndpoint.parse("55.1.1.1:8333"));
        PeerAddress loopback = fresh("127.0.0.5:8333", T0);
        PeerAddress fine = fresh("66.1.1.1:8333", T0);
        announce(sender, T0, stale, loopback, fine);
        pm.onTick(T0.plusSeconds(1));
        for (PeerAddress p : eleven) assertThat(receivers(p)).isEmpty();
        assertThat(receivers(stale)).isEmpty();
        assertThat(receivers(loopback)).as("loopback is unroutable by default").isEmpty();
        assertThat(receivers(fine)).hasSize(2).doesNotContain(sender);
    }

    @Test
    void withRegtestRoutableLoopbackLoopbackAddressesAreRelayed() {
        pm = manager(PeerManagerOptions.defaults("/Mooring:0.1.0/").withRoutableLoopback(true));
        PeerId sender = network();
        PeerAddress loopback = fresh("127.0.0.5:18444", T0);
        announce(sender, T0, loopback);
        pm.onTick(T0.plusSeconds(1));
        assertThat(receivers(loopback)).hasSize(2);
    }

    @Test
    void relayWaitsForEachPeersPoissonTimer() {
        PeerId sender = network();
        pm.onTick(T0); // first flush: every peer's timer is now armed (mean 30 s)
        PeerAddress a = fresh("33.4.5.6:8333", T0);
        announce(sender, T0, a);
        Set<PeerId> queued = new HashSet<>();
        for (long i = 1; i <= 8; i++) if (!pm.addrsToSend(new PeerId(i)).isEmpty()) queued.add(new PeerId(i));
        assertThat(queued).hasSize(2);
        assertThat(receivers(a)).isEmpty();
        Instant t = T0;
        while (receivers(a).size() < 2 && t.isBefore(T0.plus(Duration.ofMinutes(30)))) {
            t = t.plusSeconds(1);
            pm.onTick(t);
        }
        assertThat(receivers(a)).isEqualTo(queued);
        assertThat(t).isAfter(T0.plusSeconds(1));
    }
}
