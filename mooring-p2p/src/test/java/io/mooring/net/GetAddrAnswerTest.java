package io.mooring.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.message.AddrMessage;
import io.mooring.wire.message.AddrV2Message;
import io.mooring.wire.message.GetAddrMessage;
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
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Core's getaddr answer: inbound only, once per connection, from a cache that lives 21-27 hours. */
class GetAddrAnswerTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final long FULL = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;

    final List<Message> sent = new ArrayList<>();
    final AtomicInteger generation = new AtomicInteger();
    final PeerManager pm = new PeerManager(PeerManagerOptions.defaults("/Mooring:0.1.0/"), new SplittableRandom(4),
            new NodeOutbox() {
                @Override
                public void send(PeerId peer, Message message) {
                    sent.add(message);
                }

                @Override
                public void disconnect(PeerId peer, String reason) {
                }
            });

    GetAddrAnswerTest() {
        // Each time the cache is (re)built it sees a different table: generation N answers with N+1 addresses.
        pm.setAddressSource((max, pct, now) -> {
            int n = generation.incrementAndGet();
            List<PeerAddress> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(new PeerAddress(T0.getEpochSecond(), FULL, NetEndpoint.parse("11.0.0." + (i + 1) + ":8333")));
            }
            out.add(new PeerAddress(T0.getEpochSecond(), FULL,
                    NetEndpoint.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:8333")));
            return out;
        });
    }

    PeerId connect(long id, ConnectionType type, boolean addrv2, Instant now) {
        PeerId peer = new PeerId(id);
        pm.onConnected(peer, type, NetEndpoint.parse("22.0.0." + id + ":8333"), FULL, false, now);
        PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
        pm.onTransportEvent(peer, new TransportEvent.MessageReceived(new VersionMessage(70016, FULL, now.getEpochSecond(),
                none, none, 100 + id, "/x/", 1, true), 100), now);
        if (addrv2) pm.onTransportEvent(peer, new TransportEvent.MessageReceived(SendAddrV2Message.INSTANCE, 24), now);
        pm.onTransportEvent(peer, new TransportEvent.MessageReceived(VerackMessage.INSTANCE, 24), now);
        sent.clear();
        return peer;
    }

    List<Message> addrMessages() {
        return sent.stream().filter(m -> m instanceof AddrMessage || m instanceof AddrV2Message).toList();
    }

    @Test
    void inboundPeersGetOneAnswerPerConnection() {
        PeerId in = connect(1, ConnectionType.INBOUND, true, T0);
        pm.onTransportEvent(in, new TransportEvent.MessageReceived(GetAddrMessage.INSTANCE, 24), T0);
        pm.onTransportEvent(in, new TransportEvent.MessageReceived(GetAddrMessage.INSTANCE, 24), T0);
        assertThat(addrMessages()).singleElement().isInstanceOfSatisfying(AddrV2Message.class,
                m -> assertThat(m.addresses()).hasSize(2)); // one IPv4 and the onion: the peer speaks addrv2
    }

    @Test
    void outboundPeersAskingForAddressesGetNothing() {
        PeerId out = connect(2, ConnectionType.OUTBOUND_FULL_RELAY, true, T0);
        pm.onTransportEvent(out, new TransportEvent.MessageReceived(GetAddrMessage.INSTANCE, 24), T0);
        assertThat(addrMessages()).isEmpty();
    }

    @Test
    void v1PeersGetOnlyWhatAddrCanCarryAndEveryoneSeesTheCachedListUntilItExpires() {
        PeerId a = connect(3, ConnectionType.INBOUND, false, T0);
        pm.onTransportEvent(a, new TransportEvent.MessageReceived(GetAddrMessage.INSTANCE, 24), T0);
        assertThat(addrMessages()).singleElement().isInstanceOfSatisfying(AddrMessage.class,
                m -> assertThat(m.addresses()).hasSize(1));
        // 20 hours later the table changed, but the answer is the cached one.
        Instant later = T0.plus(Duration.ofHours(20));
        PeerId b = connect(4, ConnectionType.INBOUND, true, later);
        pm.onTransportEvent(b, new TransportEvent.MessageReceived(GetAddrMessage.INSTANCE, 24), later);
        assertThat(addrMessages()).singleElement().isInstanceOfSatisfying(AddrV2Message.class,
                m -> assertThat(m.addresses()).hasSize(2));
        // After 27 hours the cache is rebuilt.
        Instant muchLater = T0.plus(Duration.ofHours(27));
        PeerId c = connect(5, ConnectionType.INBOUND, true, muchLater);
        pm.onTransportEvent(c, new TransportEvent.MessageReceived(GetAddrMessage.INSTANCE, 24), muchLater);
        assertThat(addrMessages()).singleElement().isInstanceOfSatisfying(AddrV2Message.class,
                m -> assertThat(m.addresses()).hasSize(3));
    }

    @Test
    void peersWithTheAddrPermissionGetAFreshAnswerEveryTimeWhileOthersKeepTheCache() {
        PeerId trusted1 = new PeerId(6);
        PeerId trusted2 = new PeerId(7);
        pm.setPermissions(PeerPermissions.of(peer -> false, peer -> peer.equals(trusted1) || peer.equals(trusted2)));
        PeerId plain = connect(5, ConnectionType.INBOUND, true, T0);
        pm.onTransportEvent(plain, new TransportEvent.MessageReceived(GetAddrMessage.INSTANCE, 24), T0);
        assertThat(addrMessages()).singleElement().isInstanceOfSatisfying(AddrV2Message.class,
                m -> assertThat(m.addresses()).hasSize(2)); // generation 1: builds the cache
        List<Message> answers = new ArrayList<>();
        for (PeerId t : List.of(trusted1, trusted2)) {
            connect(t.value(), ConnectionType.INBOUND, true, T0);
            pm.onTransportEvent(t, new TransportEvent.MessageReceived(GetAddrMessage.INSTANCE, 24), T0);
            answers.addAll(addrMessages());
        }
        // Generations 2 and 3: each trusted peer made the table be asked again, and the cache was left alone.
        assertThat(answers).satisfiesExactly(
                m -> assertThat(((AddrV2Message) m).addresses()).hasSize(3),
                m -> assertThat(((AddrV2Message) m).addresses()).hasSize(4));
        sent.clear();
        PeerId plain2 = connect(8, ConnectionType.INBOUND, true, T0.plusSeconds(60));
        pm.onTransportEvent(plain2, new TransportEvent.MessageReceived(GetAddrMessage.INSTANCE, 24), T0.plusSeconds(60));
        assertThat(addrMessages()).singleElement().isInstanceOfSatisfying(AddrV2Message.class,
                m -> assertThat(m.addresses()).hasSize(2));
    }
}
