package io.mooring.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.addrman.AddrMan;
import io.mooring.netgroup.NetGroupManager;
import io.mooring.wire.message.AddrMessage;
import io.mooring.wire.message.GetAddrMessage;
import io.mooring.wire.message.Message;
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
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The junk-addr flood of the seed notes: one inbound peer sends 100,000 random addresses, an outbound peer we asked
 * with getaddr sends 1,000 valid ones. Core's token bucket lets the flood in at 0.1 address per second; the answer to
 * our getaddr is taken whole; the address manager serves the good addresses.
 */
class AddrFloodTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final long FULL = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;

    final List<Message> sent = new ArrayList<>();
    final NodeOutbox outbox = new NodeOutbox() {
        @Override
        public void send(PeerId peer, Message message) {
            sent.add(message);
        }

        @Override
        public void disconnect(PeerId peer, String reason) {
        }
    };

    static VersionMessage version(long nonce) {
        PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
        return new VersionMessage(70016, FULL, T0.getEpochSecond(), none, none, nonce, "/Satoshi:29.0.0/", 1, true);
    }

    static PeerAddress randomAddress(SplittableRandom rnd, Instant now) {
        byte[] ip = new byte[4];
        do {
            rnd.nextBytes(ip);
            ip[0] = (byte) (11 + rnd.nextInt(100)); // public unicast space
        } while (!NetAddress.ipv4(ip).isRoutable());
        return new PeerAddress(now.getEpochSecond() - 60, FULL, NetAddress.ipv4(ip), 8333);
    }

    @Test
    void aFloodCostsOnlyItsTokenBudgetAndGoodAddressesAreKept() {
        AddrMan addrMan = AddrMan.create(NetGroupManager.noAsmap(), new SplittableRandom(1));
        Set<PeerAddress> fromFlooder = new HashSet<>();
        Set<PeerAddress> fromHonest = new HashSet<>();
        PeerId flooder = new PeerId(1);
        PeerId honest = new PeerId(2);
        PeerManager pm = new PeerManager(PeerManagerOptions.defaults("/Mooring:0.1.0/"), new SplittableRandom(2), outbox);
        pm.setAddressSink((peer, source, addresses) -> {
            (peer.equals(flooder) ? fromFlooder : fromHonest).addAll(addresses);
            addrMan.add(addresses, source.address(), Duration.ofHours(2), T0);
        });
        pm.onConnected(flooder, ConnectionType.INBOUND, NetEndpoint.parse("66.1.2.3:50000"), 0, false, T0);
        pm.onConnected(honest, ConnectionType.OUTBOUND_FULL_RELAY, NetEndpoint.parse("77.1.2.3:8333"), FULL, false, T0);
        for (PeerId id : List.of(flooder, honest)) {
            pm.onTransportEvent(id, new TransportEvent.MessageReceived(version(10 + id.value()), 100), T0);
            pm.onTransportEvent(id, new TransportEvent.MessageReceived(VerackMessage.INSTANCE, 24), T0);
        }
        assertThat(sent).contains(GetAddrMessage.INSTANCE); // to the outbound peer only

        SplittableRandom rnd = new SplittableRandom(3);
        // 100 messages of 1,000 addresses, one per second: 100,000 addresses from the flooder.
        Instant t = T0;
        for (int m = 0; m < 100; m++) {
            t = T0.plusSeconds(m + 1);
            List<PeerAddress> junk = new ArrayList<>(1000);
            for (int i = 0; i < 1000; i++) junk.add(randomAddress(rnd, t));
            pm.onTransportEvent(flooder, new TransportEvent.MessageReceived(new AddrMessage(junk), 30_003), t);
        }
        // The honest answer to our getaddr: 1,000 addresses at once.
        List<PeerAddress> good = new ArrayList<>(1000);
        for (int i = 0; i < 1000; i++) good.add(randomAddress(rnd, t));
        pm.onTransportEvent(honest, new TransportEvent.MessageReceived(new AddrMessage(good), 30_003), t);

        Peer f = pm.peer(flooder);
        // Budget: 1 token at the start + 0.1 per second over 100 seconds.
        assertThat(f.addrProcessed()).isLessThanOrEqualTo(11);
        assertThat(f.addrRateLimited()).isGreaterThanOrEqualTo(100_000 - 11);
        assertThat(fromFlooder).hasSizeLessThanOrEqualTo(11);
        assertThat(pm.peer(honest).addrProcessed()).isEqualTo(1000);
        assertThat(fromHonest).hasSize(1000);
        // The address manager holds the honest addresses (all from one source group, so they share its 64 new
        // buckets and ~10% lose their slot to a collision, as in Core), and what it hands out is theirs.
        assertThat(addrMan.size()).isBetween(850, 1011);
        List<PeerAddress> served = addrMan.getAddr(1000, 100, null, true, t);
        Set<NetEndpoint> goodEndpoints = new HashSet<>();
        good.forEach(a -> goodEndpoints.add(a.endpoint()));
        long honestServed = served.stream().filter(a -> goodEndpoints.contains(a.endpoint())).count();
        assertThat(honestServed).isGreaterThanOrEqualTo(served.size() - 11);
        System.out.printf("addr flood: flooder sent 100000, processed %d, rate-limited %d; honest processed %d; "
                        + "addrman holds %d; getaddr serves %d (%d honest)%n", f.addrProcessed(), f.addrRateLimited(),
                pm.peer(honest).addrProcessed(), addrMan.size(), served.size(), honestServed);
    }

    @Test
    void peersWithTheAddrPermissionAreNotRateLimitedAndTheBucketDropsARandomPart() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<PeerAddress> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) batch.add(randomAddress(rnd, T0));
        List<List<PeerAddress>> trusted = new ArrayList<>();
        List<List<PeerAddress>> limited = new ArrayList<>();
        PeerId withAddr = new PeerId(1);
        PeerManager pm = new PeerManager(PeerManagerOptions.defaults("/Mooring:0.1.0/"), new SplittableRandom(2), outbox);
        pm.setPermissions(PeerPermissions.of(peer -> false, peer -> peer.equals(withAddr)));
        pm.setAddressSink((peer, source, addresses) -> (peer.equals(withAddr) ? trusted : limited).add(addresses));
        for (int id = 1; id <= 3; id++) {
            PeerId p = new PeerId(id);
            pm.onConnected(p, ConnectionType.INBOUND, NetEndpoint.parse("66.1.2." + id + ":50000"), 0, false, T0);
            pm.onTransportEvent(p, new TransportEvent.MessageReceived(version(10 + id), 100), T0);
            pm.onTransportEvent(p, new TransportEvent.MessageReceived(VerackMessage.INSTANCE, 24), T0);
            pm.onTransportEvent(p, new TransportEvent.MessageReceived(new AddrMessage(batch), 1_503), T0);
        }
        // The whole message from the trusted peer; one address (the starting token) from each of the others.
        assertThat(trusted).singleElement().satisfies(l -> assertThat(l).hasSize(50));
        assertThat(pm.peer(withAddr).addrRateLimited()).isZero();
        assertThat(limited).hasSize(2).allSatisfy(l -> assertThat(l).hasSize(1));
        // Core shuffles before the bucket: which address gets through is not always the sender's first one.
        assertThat(limited.stream().map(l -> l.getFirst()).toList()).isNotEqualTo(List.of(batch.get(0), batch.get(0)));
    }

    @Test
    void blockRelayOnlyPeersAddressesAreIgnored() {
        List<List<PeerAddress>> received = new ArrayList<>();
        PeerManager pm = new PeerManager(PeerManagerOptions.defaults("/Mooring:0.1.0/"), new SplittableRandom(2), outbox);
        pm.setAddressSink((peer, source, addresses) -> received.add(addresses));
        PeerId id = new PeerId(1);
        pm.onConnected(id, ConnectionType.BLOCK_RELAY, NetEndpoint.parse("77.1.2.3:8333"), FULL, false, T0);
        pm.onTransportEvent(id, new TransportEvent.MessageReceived(version(5), 100), T0);
        pm.onTransportEvent(id, new TransportEvent.MessageReceived(VerackMessage.INSTANCE, 24), T0);
        pm.onTransportEvent(id, new TransportEvent.MessageReceived(
                new AddrMessage(List.of(randomAddress(new SplittableRandom(1), T0))), 61), T0.plusSeconds(1000));
        assertThat(received).isEmpty();
    }

    @Test
    void futureTimesAreResetToFiveDaysAgo() {
        List<PeerAddress> received = new ArrayList<>();
        PeerManager pm = new PeerManager(PeerManagerOptions.defaults("/Mooring:0.1.0/"), new SplittableRandom(2), outbox);
        pm.setAddressSink((peer, source, addresses) -> received.addAll(addresses));
        PeerId id = new PeerId(1);
        pm.onConnected(id, ConnectionType.OUTBOUND_FULL_RELAY, NetEndpoint.parse("77.1.2.3:8333"), FULL, false, T0);
        pm.onTransportEvent(id, new TransportEvent.MessageReceived(version(5), 100), T0);
        pm.onTransportEvent(id, new TransportEvent.MessageReceived(VerackMessage.INSTANCE, 24), T0);
        PeerAddress future = new PeerAddress(T0.getEpochSecond() + 3600, FULL, NetEndpoint.parse("12.34.56.78:8333"));
        pm.onTransportEvent(id, new TransportEvent.MessageReceived(new AddrMessage(List.of(future)), 61), T0);
        assertThat(received).singleElement().satisfies(a ->
                assertThat(a.time()).isEqualTo(T0.getEpochSecond() - 5 * 24 * 3600));
    }
}
