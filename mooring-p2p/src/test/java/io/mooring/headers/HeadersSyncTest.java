package io.mooring.headers;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.chain.Pow;
import io.mooring.net.ConnectionType;
import io.mooring.wire.Hash256;
import io.mooring.wire.message.GetHeadersMessage;
import io.mooring.wire.message.HeadersMessage;
import io.mooring.wire.message.InvItem;
import io.mooring.wire.message.InvMessage;
import io.mooring.wire.message.SendHeadersMessage;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HeadersSyncTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final long OLD_TIME = 1_400_000_000L;

    final FakeHeaderChain chain = new FakeHeaderChain();
    final HeadersSync sync = new HeadersSync(chain, new SplittableRandom(1));

    /** A remote peer's chain: answers getheaders as Core does (after the fork point of the locator, up to 2,000). */
    static List<BlockHeader> answer(List<BlockHeader> remote, Hash256 genesis, GetHeadersMessage request) {
        int start = -1;
        outer:
        for (Hash256 h : request.locator()) {
            if (h.equals(genesis)) {
                start = 0;
                break;
            }
            for (int i = 0; i < remote.size(); i++) {
                if (remote.get(i).hash().equals(h)) {
                    start = i + 1;
                    break outer;
                }
            }
        }
        if (start < 0) start = 0;
        return remote.subList(start, Math.min(remote.size(), start + 2_000));
    }

    FakePeerHandle ready(long id, ConnectionType type) {
        FakePeerHandle peer = new FakePeerHandle(id, type);
        sync.peerReady(peer, NOW);
        return peer;
    }

    /** Runs request/answer rounds until the peer stops being asked; returns the number of getheaders answered. */
    int serve(FakePeerHandle peer, List<BlockHeader> remote, Instant now) {
        int answered = 0;
        while (true) {
            List<GetHeadersMessage> requests = peer.sent(GetHeadersMessage.class);
            if (requests.size() == answered) return answered;
            GetHeadersMessage request = requests.get(answered++);
            sync.onMessage(peer, new HeadersMessage(answer(remote, chain.genesis().hash(), request)), now);
        }
    }

    @Test
    void initialSyncUsesOnePeerAndFollowsFullBatchesToTheEnd() {
        FakePeerHandle first = ready(1, ConnectionType.OUTBOUND_FULL_RELAY);
        FakePeerHandle second = ready(2, ConnectionType.OUTBOUND_FULL_RELAY);
        assertThat(first.sent(GetHeadersMessage.class)).hasSize(1);
        assertThat(first.lastSent(GetHeadersMessage.class).locator()).containsExactly(chain.genesis().hash());
        assertThat(second.sent).as("one initial sync peer while our best header is old").isEmpty();
        assertThat(sync.syncStartedCount()).isEqualTo(1);

        List<BlockHeader> remote = FakeHeaderChain.build(chain.genesis(), 4_500, 1, OLD_TIME);
        int rounds = serve(first, remote, NOW);
        assertThat(rounds).isEqualTo(3); // 2,000 + 2,000 + 500: a short batch ends the sync
        assertThat(chain.bestHeader().height()).isEqualTo(4_500);
        assertThat(chain.bestHeader().hash()).isEqualTo(remote.get(4_499).hash());
        assertThat(sync.bestKnownBlock(first.id)).get().extracting(HeaderChain.Known::height).isEqualTo(4_500);
        assertThat(first.misbehaviour).isEmpty();
    }

    @Test
    void followUpLocatorStartsAtTheLastHeaderReceived() {
        FakePeerHandle peer = ready(1, ConnectionType.OUTBOUND_FULL_RELAY);
        List<BlockHeader> batch = FakeHeaderChain.build(chain.genesis(), 2_000, 1, OLD_TIME);
        sync.onMessage(peer, new HeadersMessage(batch), NOW);
        GetHeadersMessage next = peer.lastSent(GetHeadersMessage.class);
        assertThat(next.locator().get(0)).isEqualTo(batch.get(1_999).hash());
        assertThat(next.locator().get(next.locator().size() - 1)).isEqualTo(chain.genesis().hash());
        assertThat(next.locator().size()).isLessThanOrEqualTo(101);
        assertThat(next.hashStop()).isEqualTo(Hash256.ZERO);
    }

    @Test
    void unconnectingHeadersAreAnsweredWithGetHeadersNotPunished() {
        FakePeerHandle peer = ready(1, ConnectionType.INBOUND);
        peer.sent.clear();
        List<BlockHeader> far = FakeHeaderChain.build(chain.genesis(), 10, 1, OLD_TIME).subList(5, 10);
        sync.onMessage(peer, new HeadersMessage(far), NOW.plusSeconds(200));
        assertThat(peer.misbehaviour).isEmpty();
        assertThat(peer.lastSent(GetHeadersMessage.class).locator()).containsExactly(chain.genesis().hash());
        assertThat(chain.index).hasSize(1);
    }

    @Test
    void invalidHeadersProofOfWorkAndGapsAreMisbehaviour() {
        List<BlockHeader> headers = FakeHeaderChain.build(chain.genesis(), 10, 1, OLD_TIME);
        FakePeerHandle consensus = ready(1, ConnectionType.OUTBOUND_FULL_RELAY);
        chain.invalid.add(headers.get(3).hash());
        sync.onMessage(consensus, new HeadersMessage(headers), NOW);
        assertThat(consensus.misbehaviour).containsExactly("invalid header received: high-hash");

        FakePeerHandle pow = ready(2, ConnectionType.INBOUND);
        chain.badPow.add(headers.get(5).hash());
        sync.onMessage(pow, new HeadersMessage(headers), NOW);
        assertThat(pow.misbehaviour).containsExactly("header with invalid proof of work");

        FakePeerHandle gap = ready(3, ConnectionType.INBOUND);
        List<BlockHeader> withGap = new ArrayList<>(FakeHeaderChain.build(chain.genesis(), 3, 9, OLD_TIME));
        withGap.remove(1);
        sync.onMessage(gap, new HeadersMessage(withGap), NOW);
        assertThat(gap.misbehaviour).containsExactly("non-continuous headers sequence");
    }

    @Test
    void lowWorkChainIsPresyncedAndNothingIsStored() {
        List<BlockHeader> remote = FakeHeaderChain.build(chain.genesis(), 100_000, 3, OLD_TIME);
        // The minimum work lies beyond the peer's whole chain.
        chain.minimumChainWork = Pow.blockProof(FakeHeaderChain.BITS).multiply(BigInteger.valueOf(200_000));
        FakePeerHandle peer = ready(1, ConnectionType.OUTBOUND_FULL_RELAY);
        int rounds = serve(peer, remote, NOW);
        assertThat(rounds).isEqualTo(51); // 50 full batches, then an empty answer at the end
        assertThat(chain.index).as("nothing stored").hasSize(1);
        assertThat(chain.processCalls).isZero();
        assertThat(peer.misbehaviour).isEmpty();
        assertThat(sync.presyncHeights()).isEmpty();
    }

    @Test
    void enoughWorkAfterPresyncRedownloadsAndStoresTheChain() {
        List<BlockHeader> remote = FakeHeaderChain.build(chain.genesis(), 7_000, 4, OLD_TIME);
        chain.minimumChainWork = Pow.blockProof(FakeHeaderChain.BITS).multiply(BigInteger.valueOf(6_000));
        FakePeerHandle peer = ready(1, ConnectionType.OUTBOUND_FULL_RELAY);
        serve(peer, remote, NOW);
        assertThat(chain.bestHeader().height()).isEqualTo(7_000);
        assertThat(chain.bestHeader().hash()).isEqualTo(remote.get(6_999).hash());
        assertThat(peer.misbehaviour).isEmpty();
        // Requests: 4 presync batches (reaching 6,000 in the 3rd, then from the start again), and the redownload.
        assertThat(peer.sent(GetHeadersMessage.class).size()).isBetween(6, 9);
    }

    @Test
    void headersForkingNearOurTipSkipPresync() {
        // Our chain is long and has enough work; a peer's branch forking 10 blocks below the tip is not low-work.
        chain.minimumChainWork = BigInteger.ONE;
        chain.processNewBlockHeaders(FakeHeaderChain.build(chain.genesis(), 300, 5, OLD_TIME), 0);
        HeaderChain.Known fork = chain.ancestor(chain.activeTip(), 290);
        List<BlockHeader> branch = FakeHeaderChain.build(fork, 12, 6, OLD_TIME + 1_000);
        FakePeerHandle peer = ready(1, ConnectionType.INBOUND);
        sync.onMessage(peer, new HeadersMessage(branch), NOW);
        assertThat(chain.bestHeader().hash()).isEqualTo(branch.get(11).hash());
        assertThat(sync.antiDosWorkThreshold())
                .isEqualTo(Pow.blockProof(FakeHeaderChain.BITS).multiply(BigInteger.valueOf(302 - 144 + 1)));
    }

    @Test
    void getheadersIsServedFromTheActiveChainAfterTheForkPoint() {
        chain.processNewBlockHeaders(FakeHeaderChain.build(chain.genesis(), 2_500, 7, OLD_TIME), 0);
        FakePeerHandle peer = ready(1, ConnectionType.INBOUND);
        HeaderChain.Known at100 = chain.ancestor(chain.activeTip(), 100);
        Hash256 unknown = new Hash256(1, 2, 3, 4);
        sync.onMessage(peer, new GetHeadersMessage(70016, List.of(unknown, at100.hash()), Hash256.ZERO), NOW);
        List<BlockHeader> answer = peer.lastSent(HeadersMessage.class).headers();
        assertThat(answer).hasSize(2_000);
        assertThat(answer.get(0).prevBlock()).isEqualTo(at100.hash());

        HeaderChain.Known at150 = chain.ancestor(chain.activeTip(), 150);
        sync.onMessage(peer, new GetHeadersMessage(70016, List.of(at100.hash()), at150.hash()), NOW);
        assertThat(peer.lastSent(HeadersMessage.class).headers()).hasSize(50);

        sync.onMessage(peer, new GetHeadersMessage(70016, List.of(), at150.hash()), NOW);
        assertThat(peer.lastSent(HeadersMessage.class).headers()).containsExactly(at150.header());

        sync.onMessage(peer, new GetHeadersMessage(70016, List.of(chain.activeTip().hash()), Hash256.ZERO), NOW);
        assertThat(peer.lastSent(HeadersMessage.class).headers()).isEmpty();
    }

    @Test
    void getheadersGetsAnEmptyAnswerWhileOurChainHasTooLittleWork() {
        chain.processNewBlockHeaders(FakeHeaderChain.build(chain.genesis(), 10, 7, OLD_TIME), 0);
        chain.minimumChainWork = BigInteger.TWO.pow(100);
        FakePeerHandle peer = ready(1, ConnectionType.INBOUND);
        sync.onMessage(peer, new GetHeadersMessage(70016, List.of(chain.genesis().hash()), Hash256.ZERO), NOW);
        assertThat(peer.lastSent(HeadersMessage.class).headers()).isEmpty();
        peer.noBan = true;
        sync.onMessage(peer, new GetHeadersMessage(70016, List.of(chain.genesis().hash()), Hash256.ZERO), NOW);
        assertThat(peer.lastSent(HeadersMessage.class).headers()).hasSize(10);
    }

    @Test
    void newTipsAreAnnouncedByHeadersToPeersThatAskedAndByInvToOthers() {
        chain.initialDownload = false;
        chain.processNewBlockHeaders(FakeHeaderChain.build(chain.genesis(), 20, 8, OLD_TIME), 0);
        FakePeerHandle headersPeer = ready(1, ConnectionType.INBOUND);
        FakePeerHandle invPeer = ready(2, ConnectionType.INBOUND);
        sync.onMessage(headersPeer, SendHeadersMessage.INSTANCE, NOW);
        // Both peers already have our chain up to 20 (they told us, e.g. by headers).
        sync.onMessage(headersPeer, new HeadersMessage(List.of(chain.activeTip().header())), NOW);
        sync.onMessage(invPeer, new HeadersMessage(List.of(chain.activeTip().header())), NOW);
        headersPeer.sent.clear();
        invPeer.sent.clear();

        HeaderChain.Known oldTip = chain.activeTip();
        List<BlockHeader> mined = FakeHeaderChain.build(oldTip, 2, 9, OLD_TIME + 100);
        chain.processNewBlockHeaders(mined, 0);
        sync.updatedBlockTip(chain.activeTip(), oldTip, false);
        assertThat(headersPeer.lastSent(HeadersMessage.class).headers()).containsExactlyElementsOf(mined);
        assertThat(invPeer.lastSent(InvMessage.class).items())
                .containsExactly(new InvItem(InvItem.MSG_BLOCK, mined.get(1).hash()));

        // During initial block download nothing is announced.
        headersPeer.sent.clear();
        sync.updatedBlockTip(chain.activeTip(), oldTip, true);
        assertThat(headersPeer.sent).isEmpty();
    }

    @Test
    void moreThanEightNewBlocksAreAnnouncedByInvOfTheTip() {
        chain.initialDownload = false;
        FakePeerHandle peer = ready(1, ConnectionType.INBOUND);
        sync.onMessage(peer, SendHeadersMessage.INSTANCE, NOW);
        // The peer has our genesis (it announced it), so five new blocks connect for it: headers.
        sync.onMessage(peer, new InvMessage(List.of(new InvItem(InvItem.MSG_BLOCK, chain.genesis().hash()))), NOW);
        HeaderChain.Known oldTip = chain.activeTip();
        List<BlockHeader> five = FakeHeaderChain.build(oldTip, 5, 10, OLD_TIME);
        chain.processNewBlockHeaders(five, 0);
        peer.sent.clear();
        sync.updatedBlockTip(chain.activeTip(), oldTip, false);
        assertThat(peer.lastSent(HeadersMessage.class).headers()).containsExactlyElementsOf(five);
        // Ten more at once: only the newest eight are queued, the first of which does not connect to what the peer
        // has, so the peer gets an inv of the tip and will ask for headers itself.
        HeaderChain.Known middle = chain.activeTip();
        chain.processNewBlockHeaders(FakeHeaderChain.build(middle, 10, 11, OLD_TIME), 0);
        peer.sent.clear();
        sync.updatedBlockTip(chain.activeTip(), middle, false);
        assertThat(peer.sent).singleElement().isInstanceOfSatisfying(InvMessage.class,
                inv -> assertThat(inv.items()).containsExactly(new InvItem(InvItem.MSG_BLOCK, chain.activeTip().hash())));
    }

    @Test
    void stallingInitialSyncPeerIsDroppedWhenAnotherCouldServe() {
        FakePeerHandle first = ready(1, ConnectionType.OUTBOUND_FULL_RELAY);
        FakePeerHandle second = ready(2, ConnectionType.OUTBOUND_FULL_RELAY);
        // Timeout: 15 min + 1 ms per expected header since genesis (regtest genesis is from 2011).
        sync.onTick(NOW.plus(Duration.ofMinutes(14)));
        assertThat(first.disconnects).isEmpty();
        sync.onTick(NOW.plus(Duration.ofHours(3)));
        assertThat(first.disconnects).containsExactly("timeout downloading headers");
        sync.peerGone(first.id);
        sync.onTick(NOW.plus(Duration.ofHours(3)));
        assertThat(second.sent(GetHeadersMessage.class)).hasSize(1);
    }

    @Test
    void stallingNoBanSyncPeerIsKeptButReplaced() {
        FakePeerHandle first = new FakePeerHandle(1, ConnectionType.OUTBOUND_FULL_RELAY);
        first.noBan = true;
        sync.peerReady(first, NOW);
        FakePeerHandle second = ready(2, ConnectionType.OUTBOUND_FULL_RELAY);
        sync.onTick(NOW.plus(Duration.ofHours(3)));
        assertThat(first.disconnects).isEmpty();
        sync.onTick(NOW.plus(Duration.ofHours(3)).plusSeconds(1));
        assertThat(second.sent(GetHeadersMessage.class)).hasSize(1);
    }

    @Test
    void blockInvFromANonSyncPeerTriggersOneGetheadersPerNewBlock() {
        FakePeerHandle syncPeer = ready(1, ConnectionType.OUTBOUND_FULL_RELAY);
        FakePeerHandle a = ready(2, ConnectionType.OUTBOUND_FULL_RELAY);
        FakePeerHandle b = ready(3, ConnectionType.OUTBOUND_FULL_RELAY);
        Hash256 block = new Hash256(5, 5, 5, 5);
        InvMessage inv = new InvMessage(List.of(new InvItem(InvItem.MSG_BLOCK, block)));
        sync.onMessage(a, inv, NOW);
        sync.onMessage(b, inv, NOW);
        assertThat(a.sent(GetHeadersMessage.class)).hasSize(1);
        assertThat(b.sent(GetHeadersMessage.class)).as("same block already triggered a sync elsewhere").isEmpty();
        assertThat(syncPeer.sent(GetHeadersMessage.class)).hasSize(1);
    }

    @Test
    void inboundPeersSyncOnlyWhenNoOutboundPeerCan() {
        FakePeerHandle inbound = ready(1, ConnectionType.INBOUND);
        assertThat(inbound.sent(GetHeadersMessage.class)).as("no preferred peers: use the inbound one").hasSize(1);
        FakeHeaderChain other = new FakeHeaderChain();
        HeadersSync second = new HeadersSync(other, new SplittableRandom(2));
        FakePeerHandle outbound = new FakePeerHandle(2, ConnectionType.OUTBOUND_FULL_RELAY);
        second.peerReady(outbound, NOW);
        FakePeerHandle laterInbound = new FakePeerHandle(3, ConnectionType.INBOUND);
        second.peerReady(laterInbound, NOW);
        assertThat(laterInbound.sent).isEmpty();
    }

    @Test
    void outboundPeerWithTooLittleWorkIsDroppedDuringIbd() {
        chain.minimumChainWork = BigInteger.TWO.pow(40);
        FakePeerHandle peer = ready(1, ConnectionType.OUTBOUND_FULL_RELAY);
        // A short chain (not a full batch) that connects, with little work: not presynced (not full), ignored.
        sync.onMessage(peer, new HeadersMessage(FakeHeaderChain.build(chain.genesis(), 5, 1, OLD_TIME)), NOW);
        assertThat(chain.index).hasSize(1);
        // A peer whose chain is all known to us and still below the minimum: dropped.
        chain.minimumChainWork = BigInteger.ONE;
        chain.processNewBlockHeaders(FakeHeaderChain.build(chain.genesis(), 3, 2, OLD_TIME), 0);
        chain.minimumChainWork = BigInteger.TWO.pow(40);
        FakePeerHandle other = ready(2, ConnectionType.OUTBOUND_FULL_RELAY);
        sync.onMessage(other, new HeadersMessage(List.of(chain.activeTip().header())), NOW);
        assertThat(other.disconnects).containsExactly("outbound peer headers chain has insufficient work");
    }

    @Test
    void sendheadersWaitsUntilThePeersBestKnownBlockHasMoreThanTheMinimumChainWork() {
        BigInteger proof = Pow.blockProof(FakeHeaderChain.BITS);
        chain.minimumChainWork = chain.genesis().chainWork().add(proof.multiply(BigInteger.valueOf(9)));
        FakePeerHandle peer = ready(1, ConnectionType.OUTBOUND_FULL_RELAY);
        sync.onTick(NOW);
        assertThat(peer.sent(SendHeadersMessage.class)).as("nothing known of the peer yet").isEmpty();

        List<BlockHeader> remote = FakeHeaderChain.build(chain.genesis(), 10, 1, OLD_TIME);
        // Nine headers reach exactly the minimum chain work: not more, so still no sendheaders.
        sync.onMessage(peer, new HeadersMessage(remote.subList(0, 9)), NOW);
        sync.onTick(NOW);
        assertThat(sync.bestKnownBlock(peer.id)).get().extracting(HeaderChain.Known::height).isEqualTo(9);
        assertThat(peer.sent(SendHeadersMessage.class)).isEmpty();
        assertThat(sync.sentSendHeaders(peer.id)).isFalse();

        sync.onMessage(peer, new HeadersMessage(remote.subList(9, 10)), NOW);
        assertThat(peer.sent(SendHeadersMessage.class)).hasSize(1);
        assertThat(sync.sentSendHeaders(peer.id)).isTrue();
        // Once per connection.
        sync.onTick(NOW);
        sync.onMessage(peer, new InvMessage(List.of(new InvItem(InvItem.MSG_BLOCK, remote.get(9).hash()))), NOW);
        assertThat(peer.sent(SendHeadersMessage.class)).hasSize(1);
    }

    @Test
    void aPeerThatOnlyAnnouncedAnUnknownBlockGetsSendheadersOnceItsHeaderArrives() {
        FakePeerHandle announcer = ready(1, ConnectionType.INBOUND);
        List<BlockHeader> remote = FakeHeaderChain.build(chain.genesis(), 3, 2, OLD_TIME);
        sync.onMessage(announcer, new InvMessage(List.of(new InvItem(InvItem.MSG_BLOCK, remote.get(2).hash()))), NOW);
        sync.onTick(NOW);
        assertThat(announcer.sent(SendHeadersMessage.class)).isEmpty();
        // Someone else delivers the headers: the announced block resolves to the announcer's best known block.
        FakePeerHandle other = ready(2, ConnectionType.OUTBOUND_FULL_RELAY);
        sync.onMessage(other, new HeadersMessage(remote), NOW);
        sync.onTick(NOW);
        assertThat(announcer.sent(SendHeadersMessage.class)).hasSize(1);
        assertThat(other.sent(SendHeadersMessage.class)).hasSize(1);
    }
}
