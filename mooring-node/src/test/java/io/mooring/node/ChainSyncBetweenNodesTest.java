package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.blocks.ChainSync;
import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.net.ConnectionType;
import io.mooring.net.PeerHandle;
import io.mooring.net.PeerId;
import io.mooring.validation.ChainListener;
import io.mooring.validation.ChainstateManager;
import io.mooring.wire.message.BlockMessage;
import io.mooring.wire.message.BlockTxnMessage;
import io.mooring.wire.message.CmpctBlockMessage;
import io.mooring.wire.message.GetBlockTxnMessage;
import io.mooring.wire.message.GetDataMessage;
import io.mooring.wire.message.GetHeadersMessage;
import io.mooring.wire.message.HeadersMessage;
import io.mooring.wire.message.InvItem;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.SendCmpctMessage;
import io.mooring.wire.message.SendHeadersMessage;
import io.mooring.wire.message.ShortTxIds;
import io.mooring.wire.netaddress.ServiceFlags;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Transaction;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Two chain stacks (real validation, block index and chain sync, in-memory block storage) linked by an in-memory
 * wire: headers-first sync, block download, and new-block announcement end to end, without sockets.
 */
class ChainSyncBetweenNodesTest {
    static final ChainParams REGTEST = ChainParamsLoader.builtIn("regtest");
    final Deque<Runnable> wire = new ArrayDeque<>();
    Instant now = Instant.parse("2026-11-23T12:00:00Z");

    final class Node {
        final MemoryBlockStorage storage = new MemoryBlockStorage();
        final ChainstateManager chainman = new ChainstateManager(REGTEST);
        final NodeChain chain = new NodeChain(chainman, storage);
        final ChainSync sync = new ChainSync(chain, new SplittableRandom(7));
        final List<String> misbehaviour = new ArrayList<>();
        /** Every message this node sent, in order. */
        final List<Message> sent = new ArrayList<>();

        Node() {
            chainman.addListener(new ChainListener() {
                @Override
                public void updatedBlockTip(BlockIndex newTip, BlockIndex forkPoint, boolean initialDownload) {
                    sync.updatedBlockTip(NodeChain.known(newTip), forkPoint == null ? null : NodeChain.known(forkPoint),
                            initialDownload);
                }

                @Override
                public void newPoWValidBlock(BlockIndex index, Block block) {
                    sync.newPoWValidBlock(NodeChain.known(index), block);
                }
            });
        }

        void mine(int count) {
            for (int i = 0; i < count; i++) {
                BlockIndex tip = chainman.tip();
                long time = Math.max(tip.medianTimePast() + 1, now.getEpochSecond() - 3_000 + tip.height());
                Block block = TestBlocks.mine(REGTEST, tip.hash(), tip.height() + 1, time, 1);
                var result = chain.processNewBlock(block, true, now.getEpochSecond());
                assertThat(result.rejection()).isEmpty();
            }
        }
    }

    /** One side of a link: what {@code from} sends is delivered to {@code to} as coming from the other handle. */
    final class Link implements PeerHandle {
        final PeerId id;
        final ConnectionType type;
        final Node from;
        Node to;
        Link other;

        Link(long id, ConnectionType type, Node from) {
            this.id = new PeerId(id);
            this.type = type;
            this.from = from;
        }

        @Override
        public PeerId id() {
            return id;
        }

        @Override
        public ConnectionType connectionType() {
            return type;
        }

        @Override
        public long services() {
            return ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
        }

        @Override
        public int startingHeight() {
            return 0;
        }

        @Override
        public int commonVersion() {
            return 70016;
        }

        @Override
        public boolean hasNoBanPermission() {
            return false;
        }

        /** What the wire does to each message this side sends (tests forge answers with it). */
        UnaryOperator<Message> rewrite = UnaryOperator.identity();

        @Override
        public void send(Message original) {
            Message message = rewrite.apply(original);
            from.sent.add(message);
            wire.add(() -> to.sync.onMessage(other, message, now));
        }

        @Override
        public void misbehaving(String reason) {
            from.misbehaviour.add(reason);
        }

        @Override
        public void disconnect(String reason) {
            from.misbehaviour.add("disconnect: " + reason);
        }
    }

    /** Connects {@code a} (outbound) to {@code b} (inbound); returns how {@code a} sees {@code b}. */
    Link connect(Node a, Node b) {
        Link aSeesB = new Link(1, ConnectionType.OUTBOUND_FULL_RELAY, a);
        Link bSeesA = new Link(2, ConnectionType.INBOUND, b);
        aSeesB.to = b;
        aSeesB.other = bSeesA;
        bSeesA.to = a;
        bSeesA.other = aSeesB;
        b.sync.peerReady(bSeesA, now);
        a.sync.peerReady(aSeesB, now);
        // sendheaders is header sync's own business (Core's MaybeSendSendHeaders): nothing is sent for it here.
        return aSeesB;
    }

    void mineWith(Node node, List<Transaction> txs) {
        BlockIndex tip = node.chainman.tip();
        Block block = TestBlocks.mineWith(REGTEST, tip.hash(), tip.height() + 1, tip.time() + 1, 7, txs);
        assertThat(node.chain.processNewBlock(block, true, now.getEpochSecond()).rejection()).isEmpty();
    }

    static <T extends Message> List<T> of(Node node, Class<T> type) {
        return node.sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void afterSyncTheSenderIsHighBandwidthAndPushesCompactBlocksMissingTransactionsComeByGetBlockTxn() {
        CompactPair pair = new CompactPair(20);
        Node miner = pair.miner;
        Node fresh = pair.fresh;
        assertThat(fresh.chainman.tip().height()).isEqualTo(20);

        // The last block of the sync arrived with nothing else in flight: its sender became a high-bandwidth peer
        // (Core's BlockChecked and MaybeSetPeerAsAnnouncingHeaderAndIDs).
        assertThat(of(fresh, SendCmpctMessage.class)).endsWith(new SendCmpctMessage(true, 2));
        assertThat(fresh.sync.blocks().highBandwidthTo(pair.freshSeesMiner.id)).isTrue();
        assertThat(miner.sync.headers().highBandwidthFrom(pair.freshSeesMiner.other.id)).isTrue();

        // High bandwidth: the miner pushes the compact block before anyone asks; nothing is requested.
        pair.step(() -> miner.mine(1));
        assertThat(of(miner, CmpctBlockMessage.class)).hasSize(1);
        assertThat(of(fresh, GetDataMessage.class)).isEmpty();
        assertThat(of(miner, HeadersMessage.class)).isEmpty();

        // Transactions the node does not have are fetched with getblocktxn, by position.
        pair.step(() -> mineWith(miner, List.of(TestBlocks.spend(1), TestBlocks.spend(2))));
        assertThat(of(fresh, GetBlockTxnMessage.class)).singleElement()
                .satisfies(g -> assertThat(g.indexes()).containsExactly(1, 2));
        assertThat(of(miner, BlockTxnMessage.class)).singleElement()
                .satisfies(t -> assertThat(t.transactions()).hasSize(2));
        assertThat(of(fresh, GetDataMessage.class)).isEmpty();

        // A transaction the node already holds (its extra pool) is not asked for.
        pair.step(() -> {
            fresh.sync.blocks().extraTransactions().add(TestBlocks.spend(3));
            mineWith(miner, List.of(TestBlocks.spend(3), TestBlocks.spend(4)));
        });
        assertThat(of(fresh, GetBlockTxnMessage.class)).singleElement()
                .satisfies(g -> assertThat(g.indexes()).containsExactly(2));
        assertThat(fresh.misbehaviour).isEmpty();
        assertThat(miner.misbehaviour).isEmpty();
    }

    @Test
    void withoutAnExtraPoolATransactionSeenBeforeIsAskedForAgain() {
        CompactPair pair = new CompactPair(20);
        // -blockreconstructionextratxn=0: the pool keeps nothing, so the transaction is fetched by getblocktxn.
        pair.fresh.sync.blocks().setMaxExtraTransactions(0);
        pair.step(() -> {
            pair.fresh.sync.blocks().extraTransactions().add(TestBlocks.spend(3));
            mineWith(pair.miner, List.of(TestBlocks.spend(3), TestBlocks.spend(4)));
        });
        assertThat(pair.fresh.sync.blocks().extraTransactions().size()).isZero();
        assertThat(of(pair.fresh, GetBlockTxnMessage.class)).singleElement()
                .satisfies(g -> assertThat(g.indexes()).containsExactly(1, 2));
    }

    @Test
    void anOldBlockAskedForAsCompactBlockComesWholeWithWitnesses() {
        CompactPair pair = new CompactPair(20);
        Node miner = pair.miner;
        var old = miner.chainman.activeChain().get(10);
        var recent = miner.chainman.tip();
        miner.sent.clear();
        pair.freshSeesMiner.send(new GetDataMessage(List.of(
                new InvItem(InvItem.MSG_CMPCT_BLOCK, old.hash()),
                new InvItem(InvItem.MSG_CMPCT_BLOCK, recent.hash()),
                new InvItem(InvItem.MSG_FILTERED_BLOCK, recent.hash()))));
        runUntilQuiet(miner, pair.fresh);
        // More than MAX_CMPCTBLOCK_DEPTH (5) below the tip: the whole block; the tip: a compact block; filtered: no
        // answer without a bloom filter, as Core.
        assertThat(of(miner, BlockMessage.class)).singleElement()
                .satisfies(b -> assertThat(b.block().hash()).isEqualTo(old.hash()));
        assertThat(of(miner, CmpctBlockMessage.class)).singleElement()
                .satisfies(c -> assertThat(c.header().hash()).isEqualTo(recent.hash()));
        assertThat(miner.sent).hasSize(2);
    }

    @Test
    void aPeerNotChosenForHighBandwidthAnnouncesByHeadersAndTheBlockIsFetchedAsACompactBlock() {
        // The fresh node has the miner's chain from elsewhere: no block comes from the miner during sync, so the
        // miner is not one of its high-bandwidth peers and announces new blocks by headers (low-bandwidth mode).
        CompactPair pair = new CompactPair(20, true);
        Node miner = pair.miner;
        Node fresh = pair.fresh;
        assertThat(fresh.chainman.tip().hash()).isEqualTo(miner.chainman.tip().hash());
        assertThat(of(fresh, SendCmpctMessage.class)).containsExactly(new SendCmpctMessage(false, 2));
        assertThat(fresh.sync.blocks().highBandwidthTo(pair.freshSeesMiner.id)).isFalse();

        pair.step(() -> mineWith(miner, List.of(TestBlocks.spend(1))));
        Hash256 hash = miner.chainman.tip().hash();
        assertThat(of(miner, HeadersMessage.class)).singleElement()
                .satisfies(h -> assertThat(h.headers()).extracting(BlockHeader::hash).containsExactly(hash));
        // Core's HeadersDirectFetchBlocks: one block on our tip from a peer that provides compact blocks is asked
        // for as MSG_CMPCT_BLOCK, not as a witness block.
        assertThat(of(fresh, GetDataMessage.class)).singleElement()
                .satisfies(g -> assertThat(g.items()).containsExactly(new InvItem(InvItem.MSG_CMPCT_BLOCK, hash)));
        // The spend is not in the fresh node's pools: it comes by getblocktxn, and the block never in full.
        assertThat(of(miner, CmpctBlockMessage.class)).singleElement()
                .satisfies(c -> assertThat(c.header().hash()).isEqualTo(hash));
        assertThat(of(fresh, GetBlockTxnMessage.class)).singleElement()
                .satisfies(g -> assertThat(g.indexes()).containsExactly(1));
        assertThat(of(miner, BlockMessage.class)).isEmpty();
        assertThat(miner.sent.indexOf(of(miner, HeadersMessage.class).get(0)))
                .isLessThan(miner.sent.indexOf(of(miner, CmpctBlockMessage.class).get(0)));
        assertThat(fresh.storage.blocks).hasSize(21);
        // The block that became our tip makes its sender a high-bandwidth peer (Core's BlockChecked).
        assertThat(of(fresh, SendCmpctMessage.class)).containsExactly(new SendCmpctMessage(true, 2));
        assertThat(fresh.misbehaviour).isEmpty();
        assertThat(miner.misbehaviour).isEmpty();
    }

    /** The types of every getdata item the node sent, in order. */
    static List<Integer> getDataTypes(Node node) {
        return of(node, GetDataMessage.class).stream().flatMap(g -> g.items().stream()).map(InvItem::type).toList();
    }

    @Test
    void aCmpctblockWithCollidingShortIdsIsFetchedInFullAndNobodyIsPunished() {
        CompactPair pair = new CompactPair(20, true);
        // Two equal short ids (Core's InitData: READ_STATUS_FAILED): no way to tell which transaction goes where.
        pair.freshSeesMiner.other.rewrite = m -> m instanceof CmpctBlockMessage c
                ? new CmpctBlockMessage(c.header(), c.nonce(), List.of(c.shortIds().get(0), c.shortIds().get(0)),
                        c.prefilled())
                : m;
        pair.step(() -> mineWith(pair.miner, List.of(TestBlocks.spend(1), TestBlocks.spend(2))));
        assertThat(getDataTypes(pair.fresh)).containsExactly(InvItem.MSG_CMPCT_BLOCK, InvItem.MSG_WITNESS_BLOCK);
        assertThat(of(pair.fresh, GetBlockTxnMessage.class)).isEmpty();
        assertThat(of(pair.miner, BlockMessage.class)).singleElement()
                .satisfies(b -> assertThat(b.block().hash()).isEqualTo(pair.miner.chainman.tip().hash()));
        assertThat(pair.fresh.misbehaviour).isEmpty();
        assertThat(pair.miner.misbehaviour).isEmpty();
    }

    @Test
    void aShortIdMatchingTheWrongPoolTransactionFailsTheMerkleCheckAndTheBlockIsFetchedInFull() {
        CompactPair pair = new CompactPair(20, true);
        Transaction decoy = TestBlocks.spend(99);
        pair.fresh.sync.blocks().extraTransactions().add(decoy);
        // A short-id collision: the block's transaction has the short id of another one the receiver holds.
        pair.freshSeesMiner.other.rewrite = m -> m instanceof CmpctBlockMessage c
                ? new CmpctBlockMessage(c.header(), c.nonce(), List.of(ShortTxIds.of(c).shortId(decoy.wtxid())),
                        c.prefilled())
                : m;
        pair.step(() -> mineWith(pair.miner, List.of(TestBlocks.spend(1))));
        // Nothing was missing, so nothing was asked for; the rebuilt block's merkle root is wrong (Core's FillBlock:
        // READ_STATUS_FAILED, "possible short ID collision"): the block is asked for in full.
        assertThat(of(pair.fresh, GetBlockTxnMessage.class)).isEmpty();
        assertThat(getDataTypes(pair.fresh)).containsExactly(InvItem.MSG_CMPCT_BLOCK, InvItem.MSG_WITNESS_BLOCK);
        assertThat(of(pair.miner, BlockMessage.class)).hasSize(1);
        assertThat(pair.fresh.misbehaviour).isEmpty();
        assertThat(pair.miner.misbehaviour).isEmpty();
    }

    @Test
    void aBlocktxnThatDoesNotRebuildTheBlockFallsBackToTheFullBlockWithoutPenalty() {
        CompactPair pair = new CompactPair(20, true);
        pair.freshSeesMiner.other.rewrite = m -> m instanceof BlockTxnMessage t
                ? new BlockTxnMessage(t.blockHash(), List.of(TestBlocks.spend(77))) : m;
        pair.step(() -> mineWith(pair.miner, List.of(TestBlocks.spend(1))));
        assertThat(of(pair.fresh, GetBlockTxnMessage.class)).hasSize(1);
        assertThat(of(pair.miner, BlockTxnMessage.class)).hasSize(1);
        assertThat(getDataTypes(pair.fresh)).containsExactly(InvItem.MSG_CMPCT_BLOCK, InvItem.MSG_WITNESS_BLOCK);
        assertThat(of(pair.miner, BlockMessage.class)).hasSize(1);
        assertThat(pair.fresh.misbehaviour).isEmpty();
        assertThat(pair.miner.misbehaviour).isEmpty();
    }

    @Test
    void aBlocktxnWithMoreTransactionsThanAskedForIsMisbehaviourAndTheRequestIsReset() {
        CompactPair pair = new CompactPair(20, true);
        pair.freshSeesMiner.other.rewrite = m -> m instanceof BlockTxnMessage t
                ? new BlockTxnMessage(t.blockHash(), List.of(t.transactions().get(0), TestBlocks.spend(77))) : m;
        pair.step(() -> mineWith(pair.miner, List.of(TestBlocks.spend(1))));
        // Core's READ_STATUS_INVALID: Misbehaving, and the request is dropped, "in case Misbehaving does not result
        // in a disconnect" (this wire never disconnects, like a noban peer): the ordinary download then asks for the
        // block again, in full, and not from a partial block that is spent.
        assertThat(pair.fresh.misbehaviour).containsExactly("invalid compact block/non-matching block transactions");
        assertThat(getDataTypes(pair.fresh)).containsExactly(InvItem.MSG_CMPCT_BLOCK, InvItem.MSG_WITNESS_BLOCK);
        assertThat(pair.miner.misbehaviour).isEmpty();
    }

    /**
     * A miner with {@code blocks} blocks and a fresh node connected to it, both offering BIP152 version 2 in
     * low-bandwidth mode (as Peer does after verack), synced and quiet; the fresh node's link to the miner is kept.
     */
    final class CompactPair {
        final Node miner = new Node();
        final Node fresh = new Node();
        final Link freshSeesMiner;

        CompactPair(int blocks) {
            this(blocks, false);
        }

        CompactPair(int blocks, boolean sharedChain) {
            this(blocks, sharedChain, false);
        }

        /**
         * With {@code sharedChain}, the fresh node is given the miner's blocks directly before they connect; with
         * {@code freshBlocksOnly} the fresh node runs as Core's -blocksonly (ignore_incoming_txs).
         */
        CompactPair(int blocks, boolean sharedChain, boolean freshBlocksOnly) {
            fresh.sync.blocks().setIgnoreIncomingTxs(freshBlocksOnly);
            miner.mine(blocks);
            if (sharedChain) {
                for (int h = 1; h <= blocks; h++) {
                    Block block = miner.chain.readBlock(NodeChain.known(miner.chainman.activeChain().get(h)))
                            .orElseThrow();
                    assertThat(fresh.chain.processNewBlock(block, true, now.getEpochSecond()).rejection()).isEmpty();
                }
            }
            freshSeesMiner = connect(fresh, miner);
            freshSeesMiner.send(new SendCmpctMessage(false, 2));
            freshSeesMiner.other.send(new SendCmpctMessage(false, 2));
            runUntilQuiet(miner, fresh);
        }

        /** Forget what was sent so far, run {@code step}, deliver everything; both end on the same tip. */
        void step(Runnable step) {
            miner.sent.clear();
            fresh.sent.clear();
            step.run();
            runUntilQuiet(miner, fresh);
            assertThat(fresh.chainman.tip().hash()).isEqualTo(miner.chainman.tip().hash());
        }
    }

    @Test
    void aBlocksonlyNodeNeverAsksForHighBandwidthNorForCompactBlocks() {
        CompactPair pair = new CompactPair(20, false, true);
        Node fresh = pair.fresh;
        assertThat(fresh.chainman.tip().height()).isEqualTo(20);
        assertThat(of(fresh, SendCmpctMessage.class)).noneMatch(SendCmpctMessage::announce);
        assertThat(fresh.sync.blocks().highBandwidthTo(pair.freshSeesMiner.id)).isFalse();

        // A new block announced by headers is fetched whole, never as MSG_CMPCT_BLOCK.
        pair.step(() -> pair.miner.mine(1));
        assertThat(of(pair.miner, CmpctBlockMessage.class)).isEmpty();
        assertThat(of(fresh, GetDataMessage.class)).singleElement()
                .satisfies(g -> assertThat(g.items()).extracting(InvItem::type)
                        .containsExactly(InvItem.MSG_WITNESS_BLOCK));
    }

    @Test
    void sendheadersGoesOnlyToAPeerWhoseChainIsKnownToHaveWorkAndThenBlocksAreAnnouncedByHeaders() {
        Node miner = new Node();
        Node fresh = new Node();
        miner.mine(5);
        connect(fresh, miner);
        runUntilQuiet(miner, fresh);
        // The fresh node learnt the miner's headers, so it asks for announcements by headers. The miner knows of no
        // block of the fresh node's beyond genesis (it never announced one), so it does not ask (Core's rule).
        assertThat(of(fresh, SendHeadersMessage.class)).hasSize(1);
        assertThat(of(miner, SendHeadersMessage.class)).isEmpty();
        miner.sent.clear();
        miner.mine(1);
        runUntilQuiet(miner, fresh);
        assertThat(of(miner, HeadersMessage.class)).singleElement()
                .satisfies(h -> assertThat(h.headers()).hasSize(1));
        assertThat(of(miner, io.mooring.wire.message.InvMessage.class)).isEmpty();
        assertThat(fresh.chainman.tip().hash()).isEqualTo(miner.chainman.tip().hash());
    }

    void runUntilQuiet(Node... nodes) {
        for (int round = 0; round < 1_000; round++) {
            while (!wire.isEmpty()) wire.poll().run();
            for (Node n : nodes) n.sync.onTick(now);
            if (wire.isEmpty()) return;
        }
        throw new AssertionError("the nodes never went quiet");
    }

    @Test
    void freshNodeSyncsHeadersThenBlocksAndFollowsNewBlocks() {
        Node miner = new Node();
        Node fresh = new Node();
        miner.mine(300);
        connect(fresh, miner);
        runUntilQuiet(miner, fresh);
        assertThat(fresh.chainman.tip().height()).isEqualTo(300);
        assertThat(fresh.chainman.tip().hash()).isEqualTo(miner.chainman.tip().hash());
        assertThat(fresh.chainman.bestHeader().height()).isEqualTo(300);
        assertThat(fresh.storage.blocks).hasSize(300);
        assertThat(fresh.misbehaviour).isEmpty();
        assertThat(miner.misbehaviour).isEmpty();

        // New blocks are announced by headers and fetched at once.
        miner.mine(2);
        runUntilQuiet(miner, fresh);
        assertThat(fresh.chainman.tip().height()).isEqualTo(302);
        assertThat(fresh.chainman.tip().hash()).isEqualTo(miner.chainman.tip().hash());
    }

    @Test
    void aRejectedBlockNeverReachesTheBlockFiles() {
        Node node = new Node();
        node.mine(3);
        BlockIndex tip = node.chainman.tip();
        Block good = TestBlocks.mine(REGTEST, tip.hash(), tip.height() + 1, tip.time() + 1, 5);
        // Same header, one more output in the coinbase: the merkle root no longer matches.
        var cb = good.transactions().get(0);
        var tampered = new Transaction(cb.version(), cb.inputs(),
                List.of(cb.outputs().get(0), cb.outputs().get(0)), cb.lockTime());
        Block bad = new Block(good.header(), List.of(tampered));
        var result = node.chain.processNewBlock(bad, true, now.getEpochSecond());
        assertThat(result.rejection()).get().extracting(r -> r.reason()).isEqualTo("bad-txnmrklroot");
        assertThat(node.storage.blocks).hasSize(3);
        assertThat(node.chain.processNewBlock(good, true, now.getEpochSecond()).rejection()).isEmpty();
        assertThat(node.storage.blocks).hasSize(4);
    }

    /** Mines {@code count} blocks on {@code parent} with times from {@code time}, one second apart. */
    static BlockIndex extend(Node node, BlockIndex parent, int count, long time, long salt) {
        BlockIndex tip = parent;
        for (int i = 0; i < count; i++) {
            Block block = TestBlocks.mine(REGTEST, tip.hash(), tip.height() + 1, time + i, salt);
            assertThat(node.chain.processNewBlock(block, true, time).rejection()).isEmpty();
            tip = node.chainman.lookup(block.hash());
        }
        return tip;
    }

    @Test
    void aBlockReorganisedAwayIsServedUntilTheBestHeaderIsAMonthNewerAsCoresBlockRequestAllowed() {
        Node node = new Node();
        Node asker = new Node();
        long twoMonthsAgo = now.getEpochSecond() - 60L * 24 * 60 * 60;
        // Ten blocks, then a longer branch from height 8 takes over: the old block 9 was connected, now it is stale.
        extend(node, node.chainman.tip(), 10, twoMonthsAgo, 1);
        BlockIndex stale = node.chainman.activeChain().get(9);
        extend(node, node.chainman.activeChain().get(8), 5, twoMonthsAgo + 100, 2);
        assertThat(node.chainman.tip().height()).isEqualTo(13);
        assertThat(node.chainman.activeChain().contains(stale)).isFalse();
        Link askerSeesNode = connect(asker, node);
        runUntilQuiet(node, asker);

        Runnable ask = () -> {
            node.sent.clear();
            askerSeesNode.send(new GetDataMessage(List.of(new InvItem(InvItem.MSG_WITNESS_BLOCK, stale.hash()))));
            askerSeesNode.send(new GetHeadersMessage(70016, List.of(), stale.hash()));
            runUntilQuiet(node, asker);
        };
        ask.run();
        assertThat(of(node, BlockMessage.class)).singleElement()
                .satisfies(b -> assertThat(b.block().hash()).isEqualTo(stale.hash()));
        assertThat(of(node, HeadersMessage.class)).singleElement()
                .satisfies(h -> assertThat(h.headers()).containsExactly(stale.header()));

        // A new block of today: the best header is now two months past the stale block, which is no longer served.
        extend(node, node.chainman.tip(), 1, now.getEpochSecond(), 3);
        runUntilQuiet(node, asker);
        ask.run();
        assertThat(of(node, BlockMessage.class)).isEmpty();
        assertThat(of(node, HeadersMessage.class)).isEmpty();
        // Blocks of the active chain are served however old.
        node.sent.clear();
        BlockIndex old = node.chainman.activeChain().get(2);
        askerSeesNode.send(new GetDataMessage(List.of(new InvItem(InvItem.MSG_WITNESS_BLOCK, old.hash()))));
        runUntilQuiet(node, asker);
        assertThat(of(node, BlockMessage.class)).singleElement()
                .satisfies(b -> assertThat(b.block().hash()).isEqualTo(old.hash()));
        assertThat(node.misbehaviour).isEmpty();
        assertThat(asker.misbehaviour).isEmpty();
    }

    @Test
    void longerBranchFromAPeerReorganisesTheOtherNode() {
        Node a = new Node();
        Node b = new Node();
        a.mine(20);
        connect(b, a);
        runUntilQuiet(a, b);
        assertThat(b.chainman.tip().height()).isEqualTo(20);
        // Each extends its own tip (the announcements cross on the wire); b's branch is longer.
        BlockIndex fork = a.chainman.tip();
        a.mine(2);
        for (int i = 0; i < 3; i++) {
            BlockIndex tip = b.chainman.tip();
            Block block = TestBlocks.mine(REGTEST, tip.hash(), tip.height() + 1, tip.time() + 1, 99);
            assertThat(b.chain.processNewBlock(block, true, now.getEpochSecond()).rejection()).isEmpty();
        }
        runUntilQuiet(a, b);
        assertThat(a.chainman.tip().height()).isEqualTo(23);
        assertThat(a.chainman.tip().hash()).isEqualTo(b.chainman.tip().hash());
        assertThat(a.chainman.activeChain().get(20).hash()).isEqualTo(fork.hash());
    }
}
