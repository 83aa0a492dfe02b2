package io.mooring.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.MessageType;
import io.mooring.wire.message.PingMessage;
import io.mooring.wire.message.UnknownMessage;
import io.mooring.wire.message.VerackMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.Bytes;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-message byte counters have a bounded key set, as Core's mapRecvBytesPerMsgType: unknown commands are
 * folded into {@code *other*} (net.cpp CNode::ReceiveMsgBytes), so junk commands cannot grow the map.
 */
class PeerStatsBoundedTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final long FULL = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;

    final PeerManager pm = new PeerManager(PeerManagerOptions.defaults("/Mooring:0.1.0/"), new SplittableRandom(4),
            new NodeOutbox() {
                @Override
                public void send(PeerId peer, Message message) {
                }

                @Override
                public void disconnect(PeerId peer, String reason) {
                }
            });

    @Test
    void oneHundredThousandDistinctJunkCommandsLeaveTheMapBounded() {
        PeerId peer = new PeerId(1);
        pm.onConnected(peer, ConnectionType.INBOUND, NetEndpoint.parse("22.0.0.1:8333"), FULL, false, T0);
        PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
        pm.onTransportEvent(peer, new TransportEvent.MessageReceived(new VersionMessage(70016, FULL,
                T0.getEpochSecond(), none, none, 101, "/x/", 1, true), 126), T0);
        pm.onTransportEvent(peer, new TransportEvent.MessageReceived(VerackMessage.INSTANCE, 24), T0);
        pm.onTransportEvent(peer, new TransportEvent.MessageReceived(new PingMessage(1), 32), T0);
        for (int i = 0; i < 100_000; i++) {
            pm.onTransportEvent(peer, new TransportEvent.MessageReceived(
                    new UnknownMessage("junk" + i, Bytes.EMPTY), 24), T0);
        }
        // A message with a bad checksum or command also lands under *other*, whatever its command text.
        pm.onTransportEvent(peer, new TransportEvent.MessageDropped("zz\u0001", ProtocolError.BAD_CHECKSUM, "x", 30),
                T0);

        PeerStats stats = pm.stats(peer);
        assertThat(stats.receivedPerMessage().keySet())
                .containsExactlyInAnyOrder("version", "verack", "ping", PeerStats.OTHER);
        assertThat(stats.receivedPerMessage()).containsEntry(PeerStats.OTHER, 100_000L * 24 + 30);
        assertThat(stats.receivedPerMessage().size()).isLessThanOrEqualTo(MessageType.ALL.size() + 1);
        assertThat(stats.bytesReceived()).isEqualTo(126 + 24 + 32 + 100_000L * 24 + 30);
        assertThat(pm.unknownMessages()).isEqualTo(100_000);
    }
}
