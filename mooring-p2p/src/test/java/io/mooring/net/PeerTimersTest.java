package io.mooring.net;

import static io.mooring.net.PeerHandshakeTest.FULL;
import static io.mooring.net.PeerHandshakeTest.REMOTE;
import static io.mooring.net.PeerHandshakeTest.T0;
import static io.mooring.net.PeerHandshakeTest.commands;
import static io.mooring.net.PeerHandshakeTest.theirVersion;
import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.message.PingMessage;
import io.mooring.wire.message.PongMessage;
import io.mooring.wire.message.VerackMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Core's timers: -peertimeout for the handshake, PING_INTERVAL, TIMEOUT_INTERVAL for silence and unanswered pings. */
class PeerTimersTest {
    final FakePeerContext ctx = new FakePeerContext();

    Peer connected(ConnectionType type, List<PeerAction> out) {
        Peer p = new Peer(new PeerId(1), type, REMOTE, FULL, false, ctx, T0);
        p.onConnected(T0, out);
        p.onBytesReceived(T0);
        p.onMessage(theirVersion(70016, FULL, 1, true), T0, out);
        p.onMessage(VerackMessage.INSTANCE, T0, out);
        return p;
    }

    static long pingNonce(List<PeerAction> out) {
        return out.stream().filter(a -> a instanceof PeerAction.Send s && s.message() instanceof PingMessage)
                .map(a -> ((PingMessage) ((PeerAction.Send) a).message()).nonce()).reduce((x, y) -> y).orElseThrow();
    }

    @Test
    void aPeerThatNeverSendsVersionIsDroppedAfterThePeerTimeout() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = new Peer(new PeerId(1), ConnectionType.OUTBOUND_FULL_RELAY, REMOTE, FULL, false, ctx, T0);
        p.onConnected(T0, out);
        out.clear();
        p.onTick(T0.plusSeconds(59), out);
        assertThat(out).isEmpty();
        p.onTick(T0.plusSeconds(60), out);
        assertThat(commands(out)).containsExactly("DISCONNECT:socket no message in first 60 seconds, 1 0");
    }

    @Test
    void aPeerThatTalksButNeverVeracksHitsTheVersionHandshakeTimeout() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = new Peer(new PeerId(1), ConnectionType.INBOUND, REMOTE, 0, false, ctx, T0);
        p.onMessage(theirVersion(70016, FULL, 1, true), T0.plusSeconds(1), out);
        out.clear();
        p.onTick(T0.plusSeconds(61), out);
        assertThat(commands(out)).containsExactly("DISCONNECT:version handshake timeout");
    }

    @Test
    void pingsEveryTwoMinutesAndMeasuresRoundTrips() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = connected(ConnectionType.OUTBOUND_FULL_RELAY, out);
        long first = pingNonce(out);
        out.clear();
        p.onMessage(new PongMessage(first), T0.plusMillis(150), out);
        assertThat(p.lastPingTime()).isEqualTo(Duration.ofMillis(150));
        assertThat(p.minPingTime()).isEqualTo(Duration.ofMillis(150));
        p.onTick(T0.plusSeconds(119), out);
        assertThat(out).isEmpty();
        p.onTick(T0.plusSeconds(121), out);
        long second = pingNonce(out);
        assertThat(second).isNotEqualTo(first);
        assertThat(p.pingWait(T0.plusSeconds(122))).isEqualTo(Duration.ofSeconds(1));
        p.onMessage(new PongMessage(second), T0.plusSeconds(121).plusMillis(300), out);
        assertThat(p.lastPingTime()).isEqualTo(Duration.ofMillis(300));
        assertThat(p.minPingTime()).isEqualTo(Duration.ofMillis(150));
        assertThat(p.pingWait(T0.plusSeconds(122))).isNull();
    }

    @Test
    void aPongWithTheWrongNonceDoesNotFinishThePing() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = connected(ConnectionType.OUTBOUND_FULL_RELAY, out);
        long nonce = pingNonce(out);
        p.onMessage(new PongMessage(nonce + 1), T0.plusSeconds(1), out);
        assertThat(p.lastPingTime()).isNull();
        assertThat(p.pingWait(T0.plusSeconds(2))).isNotNull();
    }

    @Test
    void anUnansweredPingDisconnectsAfterTwentyMinutes() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = connected(ConnectionType.OUTBOUND_FULL_RELAY, out);
        out.clear();
        // Keep the connection otherwise alive so only the ping can time out.
        Instant t = T0;
        for (int minute = 1; minute <= 20; minute++) {
            t = T0.plus(Duration.ofMinutes(minute));
            p.onMessage(new PingMessage(minute), t, out);
            p.onTick(t, out);
        }
        assertThat(commands(out)).noneMatch(c -> c.startsWith("DISCONNECT"));
        p.onTick(t.plusSeconds(1), out);
        assertThat(commands(out)).last().asString().startsWith("DISCONNECT:ping timeout: 1201");
    }

    @Test
    void twentyMinutesOfSilenceDisconnects() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = connected(ConnectionType.INBOUND, out);
        out.clear();
        p.onTick(T0.plus(Duration.ofMinutes(20)), out);
        assertThat(commands(out)).noneMatch(c -> c.startsWith("DISCONNECT"));
        p.onTick(T0.plus(Duration.ofMinutes(20)).plusSeconds(1), out);
        // Nothing was sent since the unanswered first ping either: Core checks the send side first.
        assertThat(commands(out)).last().asString().startsWith("DISCONNECT:socket sending timeout: 1201s");
    }

    @Test
    void addrFetchConnectionsLiveAtMostFiveMinutes() {
        List<PeerAction> out = new ArrayList<>();
        Peer p = connected(ConnectionType.ADDR_FETCH, out);
        out.clear();
        p.onMessage(new PingMessage(1), T0.plusSeconds(300), out);
        p.onTick(T0.plusSeconds(300), out);
        assertThat(commands(out)).noneMatch(c -> c.startsWith("DISCONNECT"));
        p.onTick(T0.plusSeconds(301), out);
        assertThat(commands(out)).last().isEqualTo("DISCONNECT:addrfetch connection timeout");
    }

    @Test
    void everyPeersTimeOffsetIsItsVersionTimestampMinusOurs() {
        // Core's m_time_offset is kept for inbound peers too (getpeerinfo); only the node-wide sample is outbound-only.
        List<PeerAction> out = new ArrayList<>();
        assertThat(connected(ConnectionType.OUTBOUND_FULL_RELAY, out).timeOffsetSeconds()).isEqualTo(3);
        assertThat(connected(ConnectionType.INBOUND, out).timeOffsetSeconds()).isEqualTo(3);
    }
}
