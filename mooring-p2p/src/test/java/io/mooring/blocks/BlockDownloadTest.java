package io.mooring.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.headers.FakeHeaderChain;
import io.mooring.headers.FakePeerHandle;
import io.mooring.net.ConnectionType;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.message.BlockMessage;
import io.mooring.wire.message.GetDataMessage;
import io.mooring.wire.message.HeadersMessage;
import io.mooring.wire.message.InvItem;
import io.mooring.wire.message.NotFoundMessage;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockDownloadTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    final FakeBlockTree chain = new FakeBlockTree();
    final ChainSync sync = new ChainSync(chain, new SplittableRandom(3));

    static Block blockOf(BlockHeader header) {
        Transaction coinbase = new Transaction(2, List.of(new TxIn(new OutPoint(Hash256.ZERO, OutPoint.NULL_INDEX), Bytes.wrap(new byte[] {1, 2}), TxIn.SEQUENCE_FINAL,
                List.of(Bytes.wrap(new byte[32])))), List.of(new TxOut(50, Bytes.EMPTY)), 0);
        return new Block(header, List.of(coinbase));
    }

    FakePeerHandle ready(long id) {
        FakePeerHandle peer = new FakePeerHandle(id, ConnectionType.OUTBOUND_FULL_RELAY);
        sync.peerReady(peer, NOW);
        return peer;
    }

    /** Delivers every block the peer was asked for and not yet given, in request order; returns how many. */
    int deliver(FakePeerHandle peer, Map<Hash256, Block> remote, java.util.Set<Hash256> given, Instant now) {
        int count = 0;
        for (int i = 0; i < peer.sent.size(); i++) {
            if (!(peer.sent.get(i) instanceof GetDataMessage g)) continue;
            for (InvItem item : g.items()) {
                if (given.add(item.hash())) {
                    sync.onMessage(peer, new BlockMessage(remote.get(item.hash())), now);
                    count++;
                }
            }
        }
        return count;
    }

    Map<Hash256, Block> blocks(List<BlockHeader> headers) {
        Map<Hash256, Block> out = new HashMap<>();
        for (BlockHeader h : headers) out.put(h.hash(), blockOf(h));
        return out;
    }

    @Test
    void afterHeadersBlocksAreFetchedSixteenAtATimeUntilTheChainIsComplete() {
        List<BlockHeader> headers = FakeHeaderChain.build(chain.genesis(), 100, 1, 1_400_000_000L);
        Map<Hash256, Block> remote = blocks(headers);
        FakePeerHandle peer = ready(1);
        sync.onMessage(peer, new HeadersMessage(headers), NOW);
        GetDataMessage first = peer.lastSent(GetDataMessage.class);
        assertThat(first.items()).hasSize(16);
        assertThat(first.items().get(0)).isEqualTo(new InvItem(InvItem.MSG_WITNESS_BLOCK, headers.get(0).hash()));
        assertThat(sync.blocks().inFlightHeights(peer.id())).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 16).boxed().toList());
        java.util.Set<Hash256> given = new java.util.HashSet<>();
        int rounds = 0;
        while (deliver(peer, remote, given, NOW) > 0) rounds++;
        assertThat(chain.activeTip().height()).isEqualTo(100);
        assertThat(given).hasSize(100);
        assertThat(rounds).isGreaterThanOrEqualTo(1);
        assertThat(sync.blocks().blocksInFlightCount()).isZero();
        assertThat(sync.blocks().lastBlockTime(peer.id())).contains(NOW);
    }

    @Test
    void twoPeersNeverGetTheSameBlockRequested() {
        List<BlockHeader> headers = FakeHeaderChain.build(chain.genesis(), 40, 2, 1_400_000_000L);
        FakePeerHandle a = ready(1);
        FakePeerHandle b = ready(2);
        sync.onMessage(a, new HeadersMessage(headers), NOW);
        sync.onMessage(b, new HeadersMessage(headers), NOW);
        List<InvItem> fromA = a.lastSent(GetDataMessage.class).items();
        List<InvItem> fromB = b.lastSent(GetDataMessage.class).items();
        assertThat(fromA).hasSize(16);
        assertThat(fromB).hasSize(16);
        assertThat(fromA).doesNotContainAnyElementsOf(fromB);
    }

    @Test
    void aPeerHoldingUpTheWindowIsDroppedAndTheTimeoutDoubles() {
        List<BlockHeader> headers = new java.util.ArrayList<>();
        HeaderChainWalk walk = new HeaderChainWalk(chain);
        for (int i = 0; i < 2; i++) headers.addAll(walk.next(2_000));
        Map<Hash256, Block> remote = blocks(headers);
        FakePeerHandle slow = ready(1);
        FakePeerHandle fast = ready(2);
        // The slow peer gets the first 16 blocks and never sends them; the fast one serves the rest of the window.
        sync.onMessage(slow, new HeadersMessage(headers.subList(0, 2_000)), NOW);
        sync.onMessage(slow, new HeadersMessage(headers.subList(2_000, 4_000)), NOW);
        sync.onMessage(fast, new HeadersMessage(List.of(headers.get(3_999))), NOW);
        java.util.Set<Hash256> given = new java.util.HashSet<>();
        while (deliver(fast, remote, given, NOW) > 0) {
            sync.onTick(NOW);
        }
        // The fast peer fetched up to the window's end (1,024 past the common block) and is now waiting.
        assertThat(given).hasSize(1_024 - 16);
        assertThat(slow.disconnects).isEmpty();
        sync.onTick(NOW.plusSeconds(3));
        assertThat(slow.disconnects).containsExactly("peer is stalling block download");
        assertThat(sync.blocks().stallingTimeout()).isEqualTo(Duration.ofSeconds(4));
        // Its blocks are free again once it is gone: the fast peer gets them.
        sync.peerGone(slow.id(), NOW.plusSeconds(3));
        sync.onTick(NOW.plusSeconds(3));
        deliver(fast, remote, given, NOW.plusSeconds(3));
        assertThat(chain.activeTip().height()).isGreaterThan(16);
    }

    @Test
    void aBlockNotDeliveredWithinABlockIntervalDropsThePeer() {
        List<BlockHeader> headers = FakeHeaderChain.build(chain.genesis(), 5, 3, 1_400_000_000L);
        FakePeerHandle peer = ready(1);
        sync.onMessage(peer, new HeadersMessage(headers), NOW);
        sync.onTick(NOW.plusSeconds(599));
        assertThat(peer.disconnects).isEmpty();
        sync.onTick(NOW.plusSeconds(601)); // regtest's block interval is 600 s
        assertThat(peer.disconnects).containsExactly("timeout downloading block");
    }

    @Test
    void mutatedBlockIsMisbehaviourAndNotFoundFreesTheRequest() {
        List<BlockHeader> headers = FakeHeaderChain.build(chain.genesis(), 3, 4, 1_400_000_000L);
        FakePeerHandle peer = ready(1);
        sync.onMessage(peer, new HeadersMessage(headers), NOW);
        sync.onMessage(peer, new NotFoundMessage(List.of(new InvItem(InvItem.MSG_WITNESS_BLOCK, headers.get(2).hash()))),
                NOW);
        assertThat(sync.blocks().inFlightHeights(peer.id())).containsExactly(1, 2);
        chain.mutated.add(headers.get(0).hash());
        sync.onMessage(peer, new BlockMessage(blockOf(headers.get(0))), NOW);
        assertThat(peer.misbehaviour).containsExactly("mutated block: bad-txnmrklroot");
    }

    @Test
    void getdataIsServedFromTheActiveChainWithOrWithoutWitness() {
        List<BlockHeader> headers = FakeHeaderChain.build(chain.genesis(), 3, 5, 1_400_000_000L);
        for (BlockHeader h : headers) chain.processNewBlock(blockOf(h), true, 0);
        FakePeerHandle peer = new FakePeerHandle(9, ConnectionType.INBOUND);
        sync.peerReady(peer, NOW);
        peer.sent.clear();
        Hash256 second = headers.get(1).hash();
        Hash256 tx = new Hash256(9, 9, 9, 9);
        sync.onMessage(peer, new GetDataMessage(List.of(new InvItem(InvItem.MSG_WITNESS_BLOCK, second),
                new InvItem(InvItem.MSG_BLOCK, second), new InvItem(InvItem.MSG_WITNESS_TX, tx),
                new InvItem(InvItem.MSG_BLOCK, new Hash256(1, 1, 1, 1)))), NOW);
        List<BlockMessage> served = peer.sent(BlockMessage.class);
        assertThat(served).hasSize(2);
        assertThat(served.get(0).block()).isEqualTo(chain.blocks.get(second));
        assertThat(served.get(0).block().transactions().get(0).hasWitness()).isTrue();
        assertThat(served.get(1).block().transactions().get(0).hasWitness()).isFalse();
        assertThat(served.get(1).block().hash()).isEqualTo(second);
        assertThat(peer.lastSent(NotFoundMessage.class).items())
                .containsExactly(new InvItem(InvItem.MSG_WITNESS_TX, tx));
    }

    @Test
    void getblocksAnswersWithFiveHundredInvsAndTheContinuationBlockAsksForMore() {
        List<BlockHeader> headers = FakeHeaderChain.build(chain.genesis(), 700, 6, 1_400_000_000L);
        for (BlockHeader h : headers) chain.processNewBlock(blockOf(h), true, 0);
        FakePeerHandle peer = new FakePeerHandle(9, ConnectionType.INBOUND);
        sync.peerReady(peer, NOW);
        peer.sent.clear();
        sync.onMessage(peer, new io.mooring.wire.message.GetBlocksMessage(70016, List.of(chain.genesis().hash()),
                Hash256.ZERO), NOW);
        List<InvItem> inv = peer.lastSent(io.mooring.wire.message.InvMessage.class).items();
        assertThat(inv).hasSize(500);
        assertThat(inv.get(0).hash()).isEqualTo(headers.get(0).hash());
        assertThat(inv.get(499).hash()).isEqualTo(headers.get(499).hash());
        peer.sent.clear();
        sync.onMessage(peer, new GetDataMessage(List.of(new InvItem(InvItem.MSG_BLOCK, headers.get(499).hash()))), NOW);
        assertThat(peer.sent).hasSize(2);
        assertThat(peer.lastSent(io.mooring.wire.message.InvMessage.class).items())
                .containsExactly(new InvItem(InvItem.MSG_BLOCK, headers.get(699).hash()));
        // A hashStop inside the range ends the answer before it.
        sync.onMessage(peer, new io.mooring.wire.message.GetBlocksMessage(70016, List.of(headers.get(9).hash()),
                headers.get(15).hash()), NOW);
        assertThat(peer.lastSent(io.mooring.wire.message.InvMessage.class).items()).hasSize(5);
    }

    /** Builds one long chain in steps. */
    static final class HeaderChainWalk {
        private io.mooring.headers.HeaderChain.Known tip;
        private long salt = 100;

        HeaderChainWalk(FakeBlockTree chain) {
            this.tip = chain.genesis();
        }

        List<BlockHeader> next(int count) {
            List<BlockHeader> out = FakeHeaderChain.build(tip, count, salt++, 1_400_000_000L + tip.height());
            BlockHeader last = out.get(out.size() - 1);
            tip = new io.mooring.headers.HeaderChain.Known(last.hash(), last, tip.height() + count, tip.chainWork());
            return out;
        }
    }
}
