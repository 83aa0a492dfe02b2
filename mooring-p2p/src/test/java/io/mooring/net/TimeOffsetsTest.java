package io.mooring.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.message.Message;
import io.mooring.wire.message.VerackMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Core's TimeOffsets: the median clock offset of the last 50 outbound peers, and the out-of-sync warning. */
class TimeOffsetsTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final long FULL = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;

    @Test
    void medianIsZeroBelowFiveSamplesThenTheUpperMedian() {
        TimeOffsets t = new TimeOffsets();
        for (long s : new long[] {100, 200, 300, 400}) t.add(s);
        assertThat(t.median()).isZero();
        t.add(-50);
        assertThat(t.median()).isEqualTo(200); // sorted -50 100 200 300 400
        t.add(500);
        assertThat(t.median()).isEqualTo(300); // six samples: index 3 of the sorted six
    }

    @Test
    void onlyTheLastFiftySamplesCount() {
        TimeOffsets t = new TimeOffsets();
        for (int i = 0; i < 50; i++) t.add(-1000);
        for (int i = 0; i < 26; i++) t.add(7);
        assertThat(t.size()).isEqualTo(50);
        assertThat(t.median()).isEqualTo(7); // 24 old samples left against 26 new ones
    }

    @Test
    void warningIsSetBeyondTenMinutesAndClearedWhenBack() {
        TimeOffsets t = new TimeOffsets();
        for (int i = 0; i < 5; i++) t.add(601);
        assertThat(t.warnIfOutOfSync()).isTrue();
        assertThat(t.warning()).get().asString().contains("more than 10 minutes out of sync");
        for (int i = 0; i < 6; i++) t.add(600);
        assertThat(t.warnIfOutOfSync()).isFalse();
        assertThat(t.warning()).isEmpty();
        for (int i = 0; i < 50; i++) t.add(Long.MIN_VALUE);
        assertThat(t.warnIfOutOfSync()).isTrue();
    }

    @Test
    void thePeerManagerSamplesOutboundPeersOnly() {
        PeerManager pm = new PeerManager(PeerManagerOptions.defaults("/Mooring:0.1.0/"), new SplittableRandom(5),
                new NodeOutbox() {
                    @Override
                    public void send(PeerId peer, Message message) {
                    }

                    @Override
                    public void disconnect(PeerId peer, String reason) {
                    }
                });
        PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
        for (int i = 1; i <= 10; i++) {
            // Peers 1-5 are outbound and 40 s ahead; 6-10 inbound and an hour behind.
            ConnectionType type = i <= 5 ? ConnectionType.OUTBOUND_FULL_RELAY : ConnectionType.INBOUND;
            long offset = i <= 5 ? 40 : -3600;
            PeerId id = new PeerId(i);
            pm.onConnected(id, type, NetEndpoint.parse("22.0.0." + i + ":8333"), FULL, false, T0);
            pm.onTransportEvent(id, new TransportEvent.MessageReceived(new VersionMessage(70016, FULL,
                    T0.getEpochSecond() + offset, none, none, 500 + i, "/x/", 1, true), 100), T0);
            pm.onTransportEvent(id, new TransportEvent.MessageReceived(VerackMessage.INSTANCE, 24), T0);
        }
        assertThat(pm.outboundTimeOffsets().size()).isEqualTo(5);
        assertThat(pm.outboundTimeOffsets().median()).isEqualTo(40);
        assertThat(pm.peer(new PeerId(7)).timeOffsetSeconds()).isEqualTo(-3600);
    }
}
