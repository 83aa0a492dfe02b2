package io.mooring.headers;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.net.ConnectionType;
import io.mooring.wire.message.GetHeadersMessage;
import io.mooring.wire.message.HeadersMessage;
import io.mooring.wire.primitives.BlockHeader;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Core's BlockRequestAllowed on a regtest-difficulty header chain (each block worth 2, 600 s apart): a block off the
 * active chain is served only while the best header is less than 30 days past it, by its time and by the work on
 * top of it (4,320 blocks of 600 s).
 */
class BlockRequestAllowedTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final long T0 = 1_700_000_000L;
    static final long MONTH = HeadersSync.STALE_RELAY_AGE_LIMIT;

    final FakeHeaderChain chain = new FakeHeaderChain();

    /** A 10-block branch, then a longer one from genesis whose headers start at {@code time}: the first goes stale. */
    HeaderChain.Known staleAfter(int longer, long time) {
        List<BlockHeader> first = FakeHeaderChain.build(chain.genesis(), 10, 1, T0);
        chain.processNewBlockHeaders(first, 0);
        HeaderChain.Known stale = chain.lookup(first.get(9).hash()).orElseThrow();
        chain.processNewBlockHeaders(FakeHeaderChain.build(chain.genesis(), longer, 2, time), 0);
        assertThat(chain.isInActiveChain(stale.hash())).isFalse();
        return stale;
    }

    void extend(int count, long time) {
        chain.processNewBlockHeaders(FakeHeaderChain.build(chain.bestHeader(), count, 3, time), 0);
    }

    @Test
    void aStaleBlockIsAllowedUntilTheBestHeaderIsAMonthNewer() {
        HeaderChain.Known stale = staleAfter(11, T0);
        assertThat(HeadersSync.blockRequestAllowed(chain, stale)).isTrue();
        // The best header's time is what counts: one second short of 30 days after the stale block, then 30 days.
        extend(1, stale.header().time() + MONTH - 1);
        assertThat(HeadersSync.blockRequestAllowed(chain, stale)).isTrue();
        extend(1, stale.header().time() + MONTH);
        assertThat(HeadersSync.blockRequestAllowed(chain, stale)).isFalse();
    }

    @Test
    void aStaleBlockIsRefusedOnceAMonthOfWorkIsBuiltOnTheBestChain() {
        // Times barely move (1 s a block), so only the work limit applies: 4,319 blocks more than the stale block are
        // 2,591,400 s of work, allowed; 4,320 are 30 days exactly, refused.
        HeaderChain.Known stale = staleAfter(10 + 4_319, T0);
        assertThat(chain.bestHeader().header().time() - stale.header().time()).isLessThan(MONTH);
        assertThat(HeadersSync.blockRequestAllowed(chain, stale)).isTrue();
        extend(1, chain.bestHeader().header().time() + 1);
        assertThat(HeadersSync.blockRequestAllowed(chain, stale)).isFalse();
    }

    @Test
    void theActiveChainIsAlwaysAllowedHoweverOld() {
        HeaderChain.Known stale = staleAfter(11, T0);
        HeaderChain.Known old = chain.ancestor(chain.activeTip(), 1);
        extend(5_000, T0 + 2 * MONTH);
        assertThat(HeadersSync.blockRequestAllowed(chain, old)).isTrue();
        assertThat(HeadersSync.blockRequestAllowed(chain, stale)).isFalse();
    }

    @Test
    void aRecentStaleBlockThatFailedValidationIsNotAllowed() {
        HeaderChain.Known stale = staleAfter(11, T0);
        chain.invalid.add(stale.hash());
        assertThat(HeadersSync.blockRequestAllowed(chain, stale)).isFalse();
    }

    @Test
    void getheadersWithoutALocatorServesARecentForkButNotAnOldOne() {
        HeaderChain.Known stale = staleAfter(11, T0);
        HeadersSync sync = new HeadersSync(chain, new SplittableRandom(1));
        FakePeerHandle peer = new FakePeerHandle(1, ConnectionType.INBOUND);
        sync.peerReady(peer, NOW);
        peer.sent.clear();
        sync.onMessage(peer, new GetHeadersMessage(70016, List.of(), stale.hash()), NOW);
        assertThat(peer.lastSent(HeadersMessage.class).headers()).containsExactly(stale.header());

        extend(1, stale.header().time() + MONTH);
        peer.sent.clear();
        sync.onMessage(peer, new GetHeadersMessage(70016, List.of(), stale.hash()), NOW);
        assertThat(peer.sent(HeadersMessage.class)).isEmpty();
        // A block of the active chain as old as that is still answered.
        HeaderChain.Known old = chain.ancestor(chain.activeTip(), 1);
        sync.onMessage(peer, new GetHeadersMessage(70016, List.of(), old.hash()), NOW);
        assertThat(peer.lastSent(HeadersMessage.class).headers()).containsExactly(old.header());
        assertThat(peer.misbehaviour).isEmpty();
    }
}
