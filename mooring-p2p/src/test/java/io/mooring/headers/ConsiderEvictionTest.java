package io.mooring.headers;

import io.mooring.net.ConnectionType;
import io.mooring.wire.message.GetHeadersMessage;
import io.mooring.wire.message.HeadersMessage;
import io.mooring.wire.primitives.BlockHeader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Core's ConsiderEviction (chain-sync timeout) under a moving clock: an outbound peer that never shows a chain with
 * our tip's work gets 20 minutes, one getheaders and 2 more minutes, then is disconnected; catching up clears it; up
 * to four full-relay peers that once had our tip are protected, block-relay-only peers never are.
 */
class ConsiderEvictionTest {
    static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");
    final FakeHeaderChain chain = new FakeHeaderChain();
    final HeadersSync sync = new HeadersSync(chain, new SplittableRandom(3));
    /** Recent headers, so every outbound peer starts a header sync (as a node near the tip does). */
    final List<BlockHeader> tenBlocks = FakeHeaderChain.build(chain.genesis(), 10, 1, NOW.getEpochSecond() - 3600);

    FakePeerHandle ready(long id, ConnectionType type) {
        FakePeerHandle peer = new FakePeerHandle(id, type);
        sync.peerReady(peer, NOW);
        return peer;
    }

    /** Our chain reaches height 10 through {@code source}. */
    FakePeerHandle syncedThrough(long id, ConnectionType type) {
        FakePeerHandle source = ready(id, type);
        sync.onMessage(source, new HeadersMessage(tenBlocks), NOW);
        assertThat(chain.activeTip().height()).isEqualTo(10);
        return source;
    }

    void tick(Instant at) {
        sync.onTick(at);
    }

    @Test
    void anOutboundPeerThatNeverShowsOurTipIsAskedOnceThenDisconnected() {
        syncedThrough(1, ConnectionType.OUTBOUND_FULL_RELAY);
        FakePeerHandle lagging = ready(2, ConnectionType.BLOCK_RELAY);
        int getHeadersBefore = lagging.sent(GetHeadersMessage.class).size();
        tick(NOW); // noticed: the 20-minute timer starts
        tick(NOW.plus(HeadersSync.CHAIN_SYNC_TIMEOUT));
        assertThat(lagging.sent(GetHeadersMessage.class)).hasSize(getHeadersBefore);
        assertThat(lagging.disconnects).isEmpty();

        Instant asked = NOW.plus(HeadersSync.CHAIN_SYNC_TIMEOUT).plusSeconds(1);
        tick(asked);
        assertThat(lagging.sent(GetHeadersMessage.class)).hasSize(getHeadersBefore + 1);
        // The locator starts just below the tip we measure against, so an up-to-date peer answers with the tip.
        assertThat(lagging.lastSent(GetHeadersMessage.class).locator().get(0)).isEqualTo(tenBlocks.get(8).hash());
        tick(asked.plus(HeadersSync.HEADERS_RESPONSE_TIME));
        assertThat(lagging.disconnects).isEmpty();

        tick(asked.plus(HeadersSync.HEADERS_RESPONSE_TIME).plusSeconds(1));
        assertThat(lagging.disconnects).containsExactly("outbound peer has old chain");
    }

    @Test
    void aPeerThatAnswersWithOurTipIsKept() {
        syncedThrough(1, ConnectionType.OUTBOUND_FULL_RELAY);
        FakePeerHandle slow = ready(2, ConnectionType.BLOCK_RELAY);
        tick(NOW);
        Instant asked = NOW.plus(HeadersSync.CHAIN_SYNC_TIMEOUT).plusSeconds(1);
        tick(asked);
        sync.onMessage(slow, new HeadersMessage(tenBlocks.subList(9, 10)), asked.plusSeconds(5));
        for (int m = 0; m < 120; m += 5) tick(asked.plus(Duration.ofMinutes(m)));
        assertThat(slow.disconnects).isEmpty();
    }

    @Test
    void aPeerThatCatchesUpWithTheOldTipButNotTheNewOneGetsANewTimer() {
        FakePeerHandle source = syncedThrough(1, ConnectionType.OUTBOUND_FULL_RELAY);
        FakePeerHandle peer = ready(2, ConnectionType.BLOCK_RELAY);
        tick(NOW); // measured against height 10
        // Our chain grows to 12; the peer then shows height 10 only: a fresh 20 minutes against height 12.
        sync.onMessage(source, new HeadersMessage(FakeHeaderChain.build(chain.activeTip(), 2, 1,
                NOW.getEpochSecond())), NOW.plusSeconds(60));
        sync.onMessage(peer, new HeadersMessage(tenBlocks.subList(9, 10)), NOW.plusSeconds(120));
        tick(NOW.plusSeconds(180));
        Instant original = NOW.plus(HeadersSync.CHAIN_SYNC_TIMEOUT).plusSeconds(1);
        tick(original);
        tick(original.plus(HeadersSync.HEADERS_RESPONSE_TIME).plusSeconds(1));
        assertThat(peer.disconnects).as("the timer restarted at +180 s").isEmpty();
        Instant renewed = NOW.plusSeconds(180).plus(HeadersSync.CHAIN_SYNC_TIMEOUT).plusSeconds(1);
        tick(renewed);
        tick(renewed.plus(HeadersSync.HEADERS_RESPONSE_TIME).plusSeconds(1));
        assertThat(peer.disconnects).containsExactly("outbound peer has old chain");
    }

    @Test
    void uptoFourFullRelayPeersWithOurTipAreProtectedAndBlockRelayPeersNever() {
        FakePeerHandle[] full = new FakePeerHandle[5];
        for (int i = 0; i < 5; i++) {
            full[i] = ready(10 + i, ConnectionType.OUTBOUND_FULL_RELAY);
            sync.onMessage(full[i], new HeadersMessage(tenBlocks), NOW);
        }
        FakePeerHandle blockRelay = ready(20, ConnectionType.BLOCK_RELAY);
        sync.onMessage(blockRelay, new HeadersMessage(tenBlocks), NOW);
        for (int i = 0; i < 4; i++) assertThat(sync.isProtectedFromEviction(full[i].id)).isTrue();
        assertThat(sync.isProtectedFromEviction(full[4].id)).isFalse();
        assertThat(sync.isProtectedFromEviction(blockRelay.id)).isFalse();

        // Our tip moves on and nobody announces it: the protected four stay, the others are evicted.
        sync.onMessage(full[0], new HeadersMessage(FakeHeaderChain.build(chain.activeTip(), 1, 2,
                NOW.getEpochSecond())), NOW);
        FakePeerHandle source = full[0];
        Instant t = NOW;
        for (int m = 0; m <= 30; m++) tick(t.plus(Duration.ofMinutes(m)));
        for (int i = 1; i < 4; i++) assertThat(full[i].disconnects).isEmpty();
        assertThat(source.disconnects).isEmpty();
        assertThat(full[4].disconnects).containsExactly("outbound peer has old chain");
        assertThat(blockRelay.disconnects).containsExactly("outbound peer has old chain");
    }

    @Test
    void inboundPeersAreNeverConsidered() {
        syncedThrough(1, ConnectionType.OUTBOUND_FULL_RELAY);
        FakePeerHandle inbound = ready(2, ConnectionType.INBOUND);
        for (int m = 0; m <= 60; m++) tick(NOW.plus(Duration.ofMinutes(m)));
        assertThat(inbound.disconnects).isEmpty();
    }
}
