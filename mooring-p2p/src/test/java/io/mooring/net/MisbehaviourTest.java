package io.mooring.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.PingMessage;
import io.mooring.wire.message.PongMessage;
import io.mooring.wire.message.VerackMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Core's MaybeDiscourageAndDisconnect: the node decides whether a misbehaving peer is dropped. */
class MisbehaviourTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final long FULL = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;

    final List<Message> sent = new ArrayList<>();
    final List<String> disconnected = new ArrayList<>();
    final List<String> judged = new ArrayList<>();
    final PeerManager pm = new PeerManager(PeerManagerOptions.defaults("/Mooring:0.1.0/"), new SplittableRandom(4),
            new NodeOutbox() {
                @Override
                public void send(PeerId peer, Message message) {
                    sent.add(message);
                }

                @Override
                public void disconnect(PeerId peer, String reason) {
                    disconnected.add(peer.value() + ":" + reason);
                }
            });

    PeerId connect(long id, ConnectionType type) {
        PeerId peer = new PeerId(id);
        pm.onConnected(peer, type, NetEndpoint.parse("22.0.0." + id + ":8333"), FULL, false, T0);
        PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
        pm.onTransportEvent(peer, new TransportEvent.MessageReceived(new VersionMessage(70016, FULL,
                T0.getEpochSecond(), none, none, 100 + id, "/x/", 1, true), 100), T0);
        pm.onTransportEvent(peer, new TransportEvent.MessageReceived(VerackMessage.INSTANCE, 24), T0);
        sent.clear();
        return peer;
    }

    @Test
    void aPeerTheNodeExemptsStaysConnectedAndIsStillServed() {
        // The node's rule: peer 1 is exempt (as a noban or manual peer), peer 2 is not.
        pm.setMisbehaviourHandler((peer, type, endpoint, reason) -> {
            judged.add(peer.value() + ":" + reason);
            return peer.value() != 1;
        });
        PeerId exempt = connect(1, ConnectionType.INBOUND);
        PeerId other = connect(2, ConnectionType.INBOUND);
        pm.onTransportEvent(exempt, new TransportEvent.MessageDropped("addr", ProtocolError.TOO_MANY_ADDRESSES,
                "too many", 100), T0);
        pm.onTransportEvent(other, new TransportEvent.MessageDropped("addr", ProtocolError.TOO_MANY_ADDRESSES,
                "too many", 100), T0);
        assertThat(judged).hasSize(2);
        assertThat(disconnected).singleElement().asString().startsWith("2:");
        // The exempt peer is still processed: a ping is answered.
        pm.onTransportEvent(exempt, new TransportEvent.MessageReceived(new PingMessage(42), 32), T0);
        assertThat(sent).contains(new PongMessage(42));
        // The dropped one is not.
        sent.clear();
        pm.onTransportEvent(other, new TransportEvent.MessageReceived(new PingMessage(43), 32), T0);
        assertThat(sent).isEmpty();
    }
}
