package io.mooring.validation;

import io.mooring.chain.ActiveChain;
import io.mooring.chain.BlockIndex;
import io.mooring.chain.BlockIndexRecord;
import io.mooring.chain.BlockIndexStore;
import io.mooring.chain.BlockStatus;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParams.Consensus;
import io.mooring.chain.Pow;
import io.mooring.coins.CoinsViewCache;
import io.mooring.validation.BlockIndexCorruptException.Reason;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The block tree and the active chain: Core's {@code ChainstateManager} with its {@code BlockManager} block map and the
 * one {@code Chainstate} Mooring has. Headers are accepted into the tree ({@link #acceptBlockHeader},
 * {@link #processNewBlockHeaders}), blocks are checked and recorded as received ({@link #acceptBlock}), and
 * {@link #activateBestChain} makes the active chain the most-work chain whose blocks are all present and not invalid.
 * Without coins a structurally valid block (Core's {@code CheckBlock} and {@code ContextualCheckBlock}) always
 * connects and {@link BlockStatus#VALID_TRANSACTIONS} is the highest level reached; after {@link #attachCoins} every
 * block is connected to the UTXO set by a {@link BlockConnector} (Core's ConnectTip/DisconnectTip), reaching
 * {@link BlockStatus#VALID_SCRIPTS}, and one that breaks a rule is marked invalid.
 *
 * <p>Sans-I/O and single-threaded: the caller passes the time (seconds since the epoch), owns the block files (it
 * passes each block's file position) and persists the index through {@link #load}/{@link #flush}. Listeners are
 * called synchronously in Core's order.
 */
public final class ChainstateManager {
    /** Core's {@code DEFAULT_MAX_TIP_AGE}: a tip older than a day keeps the node in initial block download. */
    public static final long DEFAULT_MAX_TIP_AGE = 24 * 60 * 60;
    /** Core's {@code SEQ_ID_BEST_CHAIN_FROM_DISK}: the loaded active tip wins ties against every other block. */
    static final int SEQ_ID_BEST_CHAIN_FROM_DISK = 0;
    /** Core's {@code SEQ_ID_INIT_FROM_DISK}: blocks loaded from disk tie among themselves and beat new arrivals. */
    static final int SEQ_ID_INIT_FROM_DISK = 1;

    /**
     * Core's {@code CBlockIndexWorkComparator}, ascending: less work first; among equal work the later received
     * (higher sequence id) first; then by hash where Core compares addresses. The best candidate is the last.
     */
    public static final Comparator<BlockIndex> WORK_ORDER = (a, b) -> {
        int c = a.compareWork(b);
        if (c != 0) return c;
        c = Integer.compare(b.sequenceId(), a.sequenceId());
        if (c != 0) return c;
        return b.hash().compareTo(a.hash());
    };

    private final ChainParams params;
    private final Consensus consensus;
    private final long maxTipAge;
    /** Replaced wholesale by {@link #load} (no copy of a million entries). */
    private Map<Hash256, BlockIndex> blockIndex = new HashMap<>();
    private final ActiveChain chain = new ActiveChain();
    /** Core's {@code setBlockIndexCandidates}: blocks with all data at least as good as the tip. */
    private final TreeSet<BlockIndex> candidates = new TreeSet<>(WORK_ORDER);
    /** Core's {@code m_blocks_unlinked}: received blocks waiting for an ancestor's data, by parent. */
    private final Map<BlockIndex, List<BlockIndex>> unlinked = new IdentityHashMap<>();
    /** Core's {@code m_dirty_blockindex}. */
    private final Set<BlockIndex> dirty = new LinkedHashSet<>();
    private final List<ChainListener> listeners = new ArrayList<>();
    private BlockIndex bestHeader;
    private BlockIndex bestInvalid;
    private int nextSequenceId = SEQ_ID_INIT_FROM_DISK + 1;
    private boolean finishedIbd;
    private Hash256 flushedTip;
    /** Set by {@link #attachCoins}: with it, connecting a block applies it to the UTXO set with every rule. */
    private ChainstateCoins coins;
    private BlockConnector connector;

    public ChainstateManager(ChainParams params) {
        this(params, DEFAULT_MAX_TIP_AGE);
    }

    /**
     * Starts from the genesis alone (Core's {@code LoadGenesisBlock}): the genesis is in the tree with its data (the
     * block lives in {@link ChainParams#genesisBlock()}, so file and position stay -1) and is the active tip.
     *
     * @param maxTipAge Core's {@code -maxtipage} in seconds
     */
    public ChainstateManager(ChainParams params, long maxTipAge) {
        this.params = Objects.requireNonNull(params, "params");
        this.consensus = params.consensus();
        this.maxTipAge = maxTipAge;
        BlockIndex genesis = BlockIndex.genesis(params.genesisHash(), params.genesisHeader());
        blockIndex.put(genesis.hash(), genesis);
        bestHeader = genesis;
        genesis.setData(genesisTxCount(params), -1, -1);
        dirty.add(genesis);
        receivedTransactions(genesis);
        chain.setTip(genesis);
        pruneCandidates();
    }

    private static int genesisTxCount(ChainParams params) {
        try {
            return Block.read(new WireReader(params.genesisBlock().toArray())).transactions().size();
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("the genesis block does not parse", e);
        }
    }

    public ChainParams params() {
        return params;
    }

    public void addListener(ChainListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ChainListener listener) {
        listeners.remove(listener);
    }

    /** Core's {@code LookupBlockIndex}: the entry for a hash, or null. */
    public BlockIndex lookup(Hash256 hash) {
        return blockIndex.get(hash);
    }

    /** How many entries the tree holds. */
    public int size() {
        return blockIndex.size();
    }

    /** Every entry (unmodifiable view). */
    public Collection<BlockIndex> entries() {
        return java.util.Collections.unmodifiableCollection(blockIndex.values());
    }

    /** Core's {@code m_best_header}: the most-work header not known invalid (the first seen among equal work). */
    public BlockIndex bestHeader() {
        return bestHeader;
    }

    /** Core's {@code m_best_invalid}: the most-work block known invalid, or null. */
    public BlockIndex bestInvalid() {
        return bestInvalid;
    }

    /** The active chain (read it; only this manager moves it). */
    public ActiveChain activeChain() {
        return chain;
    }

    /** The active tip. */
    public BlockIndex tip() {
        return chain.tip();
    }

    /** The ancestor of {@code index} at {@code height} (Core's {@code GetAncestor}). */
    public static BlockIndex getAncestor(BlockIndex index, int height) {
        return index.getAncestor(height);
    }

    /** Core's {@code LastCommonAncestor}. */
    public static BlockIndex lastCommonAncestor(BlockIndex a, BlockIndex b) {
        return BlockIndex.lastCommonAncestor(a, b);
    }

    /**
     * Core's {@code FindForkInGlobalIndex}: the first locator entry we know that is in the active chain (or whose
     * descendant chain contains our tip: then the tip), else the genesis. Answers {@code getheaders}/{@code getblocks}.
     */
    public BlockIndex findForkInGlobalIndex(List<Hash256> locator) {
        for (Hash256 h : locator) {
            BlockIndex i = blockIndex.get(h);
            if (i != null) {
                if (chain.contains(i)) return i;
                if (i.getAncestor(chain.height()) == chain.tip()) return chain.tip();
            }
        }
        return chain.genesis();
    }

    /**
     * Core's {@code GetAntiDoSWorkThreshold} (net_processing.cpp): the work a peer's headers chain must reach before
     * its headers are stored: the minimum chain work, or the tip's work less 144 blocks' worth of the tip's proof if
     * that is more (so forks near the tip are accepted).
     */
    public BigInteger antiDosWorkThreshold() {
        BigInteger nearTip = BigInteger.ZERO;
        BlockIndex tip = chain.tip();
        if (tip != null) {
            BigInteger work = tip.chainWork();
            nearTip = work.subtract(Pow.blockProof(tip.bits()).multiply(BigInteger.valueOf(144)).min(work));
        }
        return nearTip.max(params.minimumChainWork());
    }

    // ---------------------------------------------------------------- headers

    /** {@link #acceptBlockHeader(BlockHeader, long, boolean)} with the anti-DoS work check already done. */
    public AcceptResult acceptBlockHeader(BlockHeader header, long nowSeconds) {
        return acceptBlockHeader(header, nowSeconds, true);
    }

    /**
     * Core's {@code AcceptBlockHeader}: a known header returns its entry (CACHED_INVALID "duplicate-invalid" when it is
     * marked invalid); a new one must pass {@code CheckBlockHeader}, have a known parent (MISSING_PREV
     * "prev-blk-not-found") that is not invalid (INVALID_PREV "bad-prevblk"), pass {@code ContextualCheckBlockHeader},
     * and, unless {@code minPowChecked} (the sync layer's anti-DoS check that the chain has enough work), is refused
     * with HEADER_LOW_WORK "too-little-chainwork". Accepted headers enter the tree at {@link BlockStatus#VALID_TREE}
     * and become the best header when they have strictly more work.
     */
    public AcceptResult acceptBlockHeader(BlockHeader header, long nowSeconds, boolean minPowChecked) {
        BlockIndex before = bestHeader;
        AcceptResult r = acceptHeader(header, header.hash(), nowSeconds, minPowChecked);
        notifyHeaderTip(before);
        return r;
    }

    /** {@link #processNewBlockHeaders(List, long, boolean)} with the anti-DoS work check already done. */
    public HeadersResult processNewBlockHeaders(List<BlockHeader> headers, long nowSeconds) {
        return processNewBlockHeaders(headers, nowSeconds, true);
    }

    /**
     * Core's {@code ProcessNewBlockHeaders}: accepts the headers in order and stops at the first failure; listeners
     * hear about a new best header once, at the end.
     */
    public HeadersResult processNewBlockHeaders(List<BlockHeader> headers, long nowSeconds, boolean minPowChecked) {
        BlockIndex before = bestHeader;
        int accepted = 0;
        BlockIndex last = null;
        try {
            for (BlockHeader h : headers) {
                AcceptResult r = acceptHeader(h, h.hash(), nowSeconds, minPowChecked);
                if (!r.isValid()) return new HeadersResult(accepted, last, r.error());
                last = r.index();
                accepted++;
            }
            return new HeadersResult(accepted, last, Optional.empty());
        } finally {
            notifyHeaderTip(before);
        }
    }

    private AcceptResult acceptHeader(BlockHeader header, Hash256 hash, long now, boolean minPowChecked) {
        BlockIndex existing = blockIndex.get(hash);
        if (existing != null) {
            if (existing.isFailed()) {
                return AcceptResult.failed(existing, new ValidationError(BlockValidationResult.CACHED_INVALID,
                        "duplicate-invalid", ""));
            }
            return AcceptResult.ok(existing);
        }
        Optional<ValidationError> e = HeaderValidator.checkBlockHeader(hash, header.bits(), consensus.pow());
        if (e.isPresent()) return AcceptResult.failed(null, e.get());
        BlockIndex prev = blockIndex.get(header.prevBlock());
        if (prev == null) {
            return AcceptResult.failed(null, new ValidationError(BlockValidationResult.MISSING_PREV,
                    "prev-blk-not-found", ""));
        }
        if (prev.isFailed()) {
            return AcceptResult.failed(null, new ValidationError(BlockValidationResult.INVALID_PREV, "bad-prevblk", ""));
        }
        e = HeaderValidator.contextualCheckBlockHeader(header, prev, consensus, now);
        if (e.isPresent()) return AcceptResult.failed(null, e.get());
        if (!minPowChecked) {
            return AcceptResult.failed(null, new ValidationError(BlockValidationResult.HEADER_LOW_WORK,
                    "too-little-chainwork", ""));
        }
        BlockIndex index = BlockIndex.child(hash, header, prev);
        index.raiseValidity(BlockStatus.VALID_TREE);
        dirty.add(index);
        blockIndex.put(hash, index);
        if (bestHeader.compareWork(index) < 0) bestHeader = index;
        return AcceptResult.ok(index);
    }

    private void notifyHeaderTip(BlockIndex before) {
        if (bestHeader != before) {
            for (ChainListener l : listeners) l.newBestHeader(bestHeader);
        }
    }

    // ---------------------------------------------------------------- blocks

    /**
     * Core's {@code ProcessNewBlock}: {@link #acceptBlock} then {@link #activateBestChain} (which checks scripts and
     * coins once {@link #attachCoins} was called).
     */
    public AcceptResult processNewBlock(Block block, int file, int dataPos, long nowSeconds) {
        AcceptResult r = acceptBlock(block, file, dataPos, nowSeconds);
        if (r.isValid()) activateBestChain(nowSeconds);
        return r;
    }

    /**
     * Core's {@code CheckBlock} then {@code AcceptBlock}: the block must pass {@code CheckBlock} (a failure there marks
     * nothing: Core does not mark a header invalid for a body that may just be wrong), its header is accepted, then
     * {@code ContextualCheckBlock} runs against the parent; a failure other than MUTATED marks the block
     * {@link BlockStatus#FAILED_VALID} and its descendants {@link BlockStatus#FAILED_CHILD}. A valid block is recorded
     * as received (Core's {@code ReceivedBlockTransactions}): transaction count, position, {@code HAVE_DATA},
     * {@code VALID_TRANSACTIONS}, and a sequence id once all its ancestors have data. A block already held is a no-op.
     * Whether to store unrequested blocks is the sync layer's decision (Core's {@code fRequested} rules).
     *
     * @param file    the block file the caller stored the block in
     * @param dataPos the block's offset in that file
     */
    public AcceptResult acceptBlock(Block block, int file, int dataPos, long nowSeconds) {
        try {
            return acceptBlock(block, (b, height) -> new int[] {file, dataPos}, nowSeconds);
        } catch (IOException e) {
            throw new IllegalStateException("a fixed position cannot fail to be written", e);
        }
    }

    /** Stores a checked block's bytes and returns where they went: {file, dataPos} (Core's WriteBlock). */
    @FunctionalInterface
    public interface BlockWriter {
        int[] write(Block block, int height) throws IOException;
    }

    /**
     * As {@link #acceptBlock(Block, int, int, long)}, in Core's order: the block is written (by {@code writer}) only
     * after every check has passed, so rejected blocks never reach the block files. A failed write leaves the index
     * unchanged and is thrown.
     */
    public AcceptResult acceptBlock(Block block, BlockWriter writer, long nowSeconds) throws IOException {
        BlockIndex before = bestHeader;
        try {
            Hash256 hash = block.hash();
            Optional<ValidationError> e = BlockChecks.checkBlock(block, consensus, true, true);
            if (e.isPresent()) return AcceptResult.failed(blockIndex.get(hash), e.get());
            AcceptResult h = acceptHeader(block.header(), hash, nowSeconds, true);
            if (!h.isValid()) return h;
            BlockIndex index = h.index();
            if (index.haveData()) return h;
            e = BlockChecks.contextualCheckBlock(block, index.prev(), consensus);
            if (e.isPresent()) {
                if (e.get().result() != BlockValidationResult.MUTATED) invalidBlockFound(index);
                return AcceptResult.failed(index, e.get());
            }
            int[] position = writer.write(block, index.height());
            index.setData(block.transactions().size(), position[0], position[1]);
            dirty.add(index);
            receivedTransactions(index);
            // Core's AcceptBlock: a checked block on top of our tip may be relayed before it is connected (BIP152).
            if (chain.tip() == index.prev() && !isInitialBlockDownload(nowSeconds)) {
                for (ChainListener l : listeners) l.newPoWValidBlock(index, block);
            }
            return h;
        } finally {
            notifyHeaderTip(before);
        }
    }

    /** Core's {@code ReceivedBlockTransactions}, after the caller has set the transaction count and position. */
    private void receivedTransactions(BlockIndex index) {
        index.setStatusFlags(BlockStatus.HAVE_DATA);
        index.raiseValidity(BlockStatus.VALID_TRANSACTIONS);
        dirty.add(index);
        BlockIndex prev = index.prev();
        if (prev == null || prev.haveNumChainTxs()) {
            Deque<BlockIndex> queue = new ArrayDeque<>();
            queue.add(index);
            while (!queue.isEmpty()) {
                BlockIndex i = queue.poll();
                i.setChainTxCount((i.prev() == null ? 0 : i.prev().chainTxCount()) + i.txCount());
                i.setSequenceId(nextSequenceId++);
                tryAddCandidate(i);
                List<BlockIndex> children = unlinked.remove(i);
                if (children != null) queue.addAll(children);
            }
        } else if (prev.isValid(BlockStatus.VALID_TREE)) {
            unlinked.computeIfAbsent(prev, k -> new ArrayList<>()).add(index);
        }
    }

    private void tryAddCandidate(BlockIndex index) {
        if (chain.tip() == null || WORK_ORDER.compare(index, chain.tip()) >= 0) candidates.add(index);
    }

    /**
     * Marks a block invalid and every descendant in the tree as failed child, drops them as candidates and, when the
     * best header was among them, picks the best remaining header (Core's {@code InvalidBlockFound} with
     * {@code RecalculateBestHeader}).
     */
    private void invalidBlockFound(BlockIndex failed) {
        failed.setStatusFlags(BlockStatus.FAILED_VALID);
        dirty.add(failed);
        candidates.remove(failed);
        for (BlockIndex e : blockIndex.values()) {
            if (e.height() > failed.height() && e.getAncestor(failed.height()) == failed) {
                e.setStatusFlags(BlockStatus.FAILED_CHILD);
                dirty.add(e);
                candidates.remove(e);
            }
        }
        if (bestInvalid == null || failed.compareWork(bestInvalid) > 0) bestInvalid = failed;
        if (bestHeader.getAncestor(failed.height()) == failed) {
            BlockIndex best = null;
            for (BlockIndex e : blockIndex.values()) {
                if (!e.isFailed() && (best == null || WORK_ORDER.compare(best, e) < 0)) best = e;
            }
            bestHeader = best;
        }
    }

    // ---------------------------------------------------------------- the UTXO set

    /**
     * Turns on full validation: from now on a block joins the active chain only if {@code connector} connects it to
     * the coins (Core's ConnectTip), and leaves it through its undo data (DisconnectTip). As Core's
     * {@code LoadChainTip}, the active tip moves to the coins' best block, so a node that stopped between writing the
     * block index and the chainstate resumes from what the coins reflect and reconnects forward from the block files;
     * empty coins start at the genesis.
     *
     * @throws IllegalStateException if the coins' best block is not in the block index (the chainstate belongs to
     *                               another chain or index: Core asks for -reindex then)
     */
    public void attachCoins(ChainstateCoins coins, BlockConnector connector) {
        this.coins = Objects.requireNonNull(coins, "coins");
        this.connector = Objects.requireNonNull(connector, "connector");
        // Empty coins are the state after the genesis, whose coinbase is never spendable (Core's special case).
        if (coins.coinsTip().bestBlock().isZero()) coins.coinsTip().setBestBlock(params.genesisHash());
        Hash256 best = coins.coinsTip().bestBlock();
        BlockIndex tip = blockIndex.get(best);
        if (tip == null || !tip.haveNumChainTxs()) {
            throw new IllegalStateException("the chainstate is at block " + best
                    + ", which the block index does not hold with its data");
        }
        if (tip != chain.tip()) {
            chain.setTip(tip);
            candidates.clear();
            for (BlockIndex i : blockIndex.values()) {
                if (i.isValid(BlockStatus.VALID_TRANSACTIONS) && i.haveNumChainTxs()) tryAddCandidate(i);
            }
            pruneCandidates();
        }
    }

    /** Whether blocks are connected to a UTXO set ({@link #attachCoins} was called). */
    public boolean validatesCoins() {
        return coins != null;
    }

    /** Core's {@code ConnectTip}: false if the block broke a rule (listeners hear it through blockChecked). */
    private boolean connectTip(BlockIndex next) {
        if (coins == null) return true;
        Block block;
        try {
            block = coins.readBlock(next); // never the genesis: it is the tip from the start
        } catch (IOException e) {
            throw new IllegalStateException("failed to read block " + next.hash() + ": " + e.getMessage(), e);
        }
        CoinsViewCache view = new CoinsViewCache(coins.coinsTip());
        BlockConnector.ConnectResult r = connector.connectBlock(block, next, view, coins.checkScripts(next));
        for (ChainListener l : listeners) l.blockChecked(next, block, r.error());
        if (!r.isValid()) return false;
        if ((next.status() & BlockStatus.HAVE_UNDO) == 0) {
            try {
                coins.writeUndo(next, r.undo());
            } catch (IOException e) {
                throw new IllegalStateException("failed to write undo data for " + next.hash(), e);
            }
            next.setStatusFlags(BlockStatus.HAVE_UNDO);
        }
        view.flush();
        next.raiseValidity(BlockStatus.VALID_SCRIPTS);
        dirty.add(next);
        return true;
    }

    /** Core's {@code DisconnectTip}; a failure is fatal (the coins no longer match any block). */
    private void disconnectTip(BlockIndex tip) {
        if (coins == null) return;
        CoinsViewCache view = new CoinsViewCache(coins.coinsTip());
        try {
            Block block = coins.readBlock(tip);
            BlockConnector.DisconnectResult r = connector.disconnectBlock(block, tip, coins.readUndo(tip), view);
            if (r == BlockConnector.DisconnectResult.FAILED) {
                throw new IllegalStateException("failed to disconnect block " + tip.hash());
            }
        } catch (IOException e) {
            throw new IllegalStateException("failed to read block or undo data of " + tip.hash(), e);
        }
        view.flush();
    }

    // ---------------------------------------------------------------- chain selection

    /**
     * Core's {@code ActivateBestChain}: repeatedly picks the most-work candidate whose blocks all have data and none
     * failed ({@code FindMostWorkChain}), disconnects back to the fork point and connects forward
     * ({@code ActivateBestChainStep}, which returns as soon as the tip has more work than when it started), then tells
     * listeners: {@code blockDisconnected} for each block taken off (tip first), {@code blockConnected} for each block
     * added, and {@code updatedBlockTip(newTip, forkPoint, ibd)} after each step that made progress.
     *
     * @return true when the tip changed
     */
    public boolean activateBestChain(long nowSeconds) {
        BlockIndex mostWork = null;
        BlockIndex newTip;
        BlockIndex initialTip = chain.tip();
        do {
            BlockIndex startingTip = chain.tip();
            boolean connected = false;
            do {
                if (mostWork == null) mostWork = findMostWorkChain();
                if (mostWork == null || mostWork == chain.tip()) break;
                // An invalid block on the way: look for the best chain again (Core's fInvalidFound).
                if (activateBestChainStep(mostWork)) mostWork = null;
                connected = true;
            } while (chain.tip() == null || (startingTip != null && WORK_ORDER.compare(chain.tip(), startingTip) < 0));
            if (!connected) break;
            newTip = chain.tip();
            BlockIndex fork = chain.findFork(startingTip);
            boolean ibd = isInitialBlockDownload(nowSeconds);
            if (fork != newTip) {
                for (ChainListener l : listeners) l.updatedBlockTip(newTip, fork, ibd);
            }
        } while (newTip != mostWork);
        return chain.tip() != initialTip;
    }

    /** @return true if a block failed to connect (it and its descendants are then marked invalid) */
    private boolean activateBestChainStep(BlockIndex mostWork) {
        BlockIndex oldTip = chain.tip();
        BlockIndex fork = chain.findFork(mostWork);
        boolean invalidFound = false;
        while (chain.tip() != null && chain.tip() != fork) {
            BlockIndex t = chain.tip();
            disconnectTip(t);
            chain.setTip(t.prev());
            for (ChainListener l : listeners) l.blockDisconnected(t);
        }
        int height = fork == null ? -1 : fork.height();
        List<BlockIndex> connected = new ArrayList<>();
        while (height < mostWork.height()) {
            BlockIndex next = mostWork.getAncestor(++height);
            if (!connectTip(next)) {
                invalidBlockFound(next);
                invalidFound = true;
                break;
            }
            chain.setTip(next);
            connected.add(next);
            pruneCandidates();
            // A better position than the old tip: return so listeners hear about it (Core's "fContinue = false").
            if (oldTip == null || chain.tip().compareWork(oldTip) > 0) break;
        }
        for (BlockIndex b : connected) {
            for (ChainListener l : listeners) l.blockConnected(b);
        }
        return invalidFound;
    }

    /** Core's {@code PruneBlockIndexCandidates}: drops candidates worse than the tip. */
    private void pruneCandidates() {
        candidates.headSet(chain.tip(), false).clear();
    }

    /**
     * Core's {@code FindMostWorkChain}: the best candidate whose path to the active chain has data and no failure;
     * unusable chains are dropped from the candidates (failed ones marked failed child, ones missing data parked
     * until it arrives).
     */
    private BlockIndex findMostWorkChain() {
        while (true) {
            if (candidates.isEmpty()) return null;
            BlockIndex best = candidates.last();
            BlockIndex test = best;
            boolean invalidAncestor = false;
            while (test != null && !chain.contains(test)) {
                boolean failedChain = test.isFailed();
                boolean missingData = !test.haveData();
                if (failedChain || missingData) {
                    if (failedChain && (bestInvalid == null || best.compareWork(bestInvalid) > 0)) bestInvalid = best;
                    BlockIndex failed = best;
                    while (failed != test) {
                        if (failedChain) {
                            failed.setStatusFlags(BlockStatus.FAILED_CHILD);
                            dirty.add(failed);
                        } else {
                            unlinked.computeIfAbsent(failed.prev(), k -> new ArrayList<>()).add(failed);
                        }
                        candidates.remove(failed);
                        failed = failed.prev();
                    }
                    candidates.remove(test);
                    invalidAncestor = true;
                    break;
                }
                test = test.prev();
            }
            if (!invalidAncestor) return best;
        }
    }

    // ---------------------------------------------------------------- status

    /**
     * Core's {@code IsInitialBlockDownload}: true until the tip has at least the minimum chain work and a time no older
     * than the maximum tip age before {@code nowSeconds}; from then on false for good (latched).
     */
    public boolean isInitialBlockDownload(long nowSeconds) {
        if (finishedIbd) return false;
        BlockIndex tip = chain.tip();
        if (tip == null) return true;
        if (tip.compareWork(params.minimumChainWork()) < 0) return true;
        if (tip.time() < nowSeconds - maxTipAge) return true;
        finishedIbd = true;
        return false;
    }

    /**
     * Core's {@code getchaintips}: the active tip and every entry outside the active chain that no other such entry
     * builds on, highest first. Status as Core's: "active"; "invalid" (failed); "headers-only" (some block of the
     * branch has no data); "valid-fork" (all data present and structurally valid: for Mooring that means it would
     * connect, which Core shows once scripts were checked); "valid-headers" (all data present but not yet checked).
     */
    public List<ChainTip> chainTips() {
        Set<BlockIndex> orphans = new HashSet<>();
        Set<BlockIndex> prevs = new HashSet<>();
        for (BlockIndex e : blockIndex.values()) {
            if (!chain.contains(e)) {
                orphans.add(e);
                prevs.add(e.prev());
            }
        }
        TreeSet<BlockIndex> tips = new TreeSet<>(
                Comparator.comparingInt(BlockIndex::height).reversed().thenComparing(BlockIndex::hash));
        for (BlockIndex o : orphans) {
            if (!prevs.contains(o)) tips.add(o);
        }
        tips.add(chain.tip());
        List<ChainTip> out = new ArrayList<>(tips.size());
        for (BlockIndex t : tips) {
            int branchLen = t.height() - chain.findFork(t).height();
            String status;
            if (chain.contains(t)) {
                status = "active";
            } else if (t.isFailed()) {
                status = "invalid";
            } else if (!t.haveNumChainTxs()) {
                status = "headers-only";
            } else if (t.isValid(BlockStatus.VALID_TRANSACTIONS)) {
                status = "valid-fork";
            } else if (t.isValid(BlockStatus.VALID_TREE)) {
                status = "valid-headers";
            } else {
                status = "unknown";
            }
            out.add(new ChainTip(t.height(), t.hash(), branchLen, status));
        }
        return out;
    }

    // ---------------------------------------------------------------- persistence

    /**
     * Core's {@code LoadBlockIndex} + {@code LoadChainTip}: replaces the genesis-only state with the stored tree. Every
     * entry's header must hash to its stored hash and meet its own target, the height-0 entry must be this chain's
     * genesis, every other entry's parent must be stored at the height below; then chain work, skip pointers, chain
     * transaction counts, failed-child flags, candidates and the best header are rebuilt and the active chain is set to
     * the stored tip. An empty store leaves the genesis-only state.
     *
     * @throws BlockIndexCorruptException when the stored entries do not form this chain's tree
     * @throws IOException                when the store cannot be read
     * @throws IllegalStateException      when this manager already holds more than the genesis
     */
    public void load(BlockIndexStore store) throws IOException {
        if (blockIndex.size() != 1 || chain.height() != 0) {
            throw new IllegalStateException("load only into a manager that holds nothing but the genesis");
        }
        List<BlockIndexRecord> records = new ArrayList<>();
        Optional<Hash256> storedTip = store.load(records::add);
        if (records.isEmpty()) {
            if (storedTip.isPresent()) {
                throw new BlockIndexCorruptException(Reason.BAD_TIP, storedTip.get(), "a tip but no entries");
            }
            return;
        }
        records = sortByHeight(records);
        Map<Hash256, BlockIndex> built = new HashMap<>(records.size() * 4 / 3 + 16);
        for (BlockIndexRecord r : records) {
            Hash256 hash = r.header().hash();
            if (!hash.equals(r.hash())) {
                throw new BlockIndexCorruptException(Reason.HASH_MISMATCH, r.hash(),
                        "entry " + r.hash() + " holds a header hashing to " + hash);
            }
            BlockIndex index;
            if (r.height() == 0) {
                if (!hash.equals(params.genesisHash())) {
                    throw new BlockIndexCorruptException(Reason.WRONG_GENESIS, hash,
                            "height 0 is " + hash + ", not this chain's genesis " + params.genesisHash());
                }
                index = BlockIndex.genesis(hash, r.header());
            } else {
                if (!Pow.checkProofOfWork(hash, r.header().bits(), consensus.pow().limit())) {
                    throw new BlockIndexCorruptException(Reason.BAD_PROOF_OF_WORK, hash,
                            "CheckProofOfWork failed: " + hash);
                }
                BlockIndex prev = built.get(r.header().prevBlock());
                if (prev == null) {
                    throw new BlockIndexCorruptException(Reason.MISSING_PREV, hash,
                            "entry " + hash + " at height " + r.height() + ": parent " + r.header().prevBlock()
                                    + " not stored");
                }
                if (prev.height() + 1 != r.height()) {
                    throw new BlockIndexCorruptException(Reason.BAD_HEIGHT, hash,
                            "entry " + hash + " stored at height " + r.height() + ", parent at " + prev.height());
                }
                index = BlockIndex.child(hash, r.header(), prev);
            }
            index.setStatus(r.status());
            index.setData(r.txCount(), r.file(), r.dataPos());
            index.clearDirty();
            built.put(hash, index);
        }
        Hash256 tipHash = storedTip.orElseThrow(() ->
                new BlockIndexCorruptException(Reason.BAD_TIP, Hash256.ZERO, "entries but no active tip"));
        BlockIndex tip = built.get(tipHash);
        if (tip == null) {
            throw new BlockIndexCorruptException(Reason.BAD_TIP, tipHash, "the active tip " + tipHash + " is not stored");
        }
        // Second pass in height order, as Core's LoadBlockIndex.
        candidates.clear();
        unlinked.clear();
        dirty.clear();
        BlockIndex best = null;
        BlockIndex invalid = null;
        List<BlockIndex> withData = new ArrayList<>();
        for (BlockIndexRecord r : records) {
            BlockIndex i = built.get(r.hash());
            BlockIndex prev = i.prev();
            if (i.txCount() > 0) {
                if (prev == null) {
                    i.setChainTxCount(i.txCount());
                } else if (prev.haveNumChainTxs()) {
                    i.setChainTxCount(prev.chainTxCount() + i.txCount());
                } else {
                    i.setChainTxCount(0);
                    unlinked.computeIfAbsent(prev, k -> new ArrayList<>()).add(i);
                }
                i.setSequenceId(SEQ_ID_INIT_FROM_DISK);
            }
            if (!i.isFailed() && prev != null && prev.isFailed()) {
                i.setStatusFlags(BlockStatus.FAILED_CHILD);
                dirty.add(i);
            }
            if (i.isValid(BlockStatus.VALID_TRANSACTIONS) && (i.haveNumChainTxs() || prev == null)) withData.add(i);
            if (i.isFailed() && (invalid == null || i.compareWork(invalid) > 0)) invalid = i;
            if (i.isValid(BlockStatus.VALID_TREE) && (best == null || WORK_ORDER.compare(best, i) < 0)) best = i;
        }
        if (!tip.haveNumChainTxs()) {
            throw new BlockIndexCorruptException(Reason.BAD_TIP, tipHash, "the active tip " + tipHash
                    + " or one of its ancestors has no block data");
        }
        blockIndex = built;
        tip.setSequenceId(SEQ_ID_BEST_CHAIN_FROM_DISK);
        chain.setTip(tip);
        for (BlockIndex i : withData) tryAddCandidate(i);
        pruneCandidates();
        bestHeader = best == null || best.compareWork(tip) < 0 ? tip : best;
        bestInvalid = invalid;
        nextSequenceId = SEQ_ID_INIT_FROM_DISK + 1;
        flushedTip = tipHash;
    }

    /** Records in height order by counting sort (heights are dense, at most the number of records). */
    private static List<BlockIndexRecord> sortByHeight(List<BlockIndexRecord> records) {
        int maxHeight = 0;
        for (BlockIndexRecord r : records) maxHeight = Math.max(maxHeight, r.height());
        if (maxHeight > 4L * records.size() + 1_000) {
            List<BlockIndexRecord> sorted = new ArrayList<>(records);
            sorted.sort(Comparator.comparingInt(BlockIndexRecord::height));
            return sorted;
        }
        int[] start = new int[maxHeight + 2];
        for (BlockIndexRecord r : records) start[r.height() + 1]++;
        for (int h = 1; h < start.length; h++) start[h] += start[h - 1];
        BlockIndexRecord[] out = new BlockIndexRecord[records.size()];
        for (BlockIndexRecord r : records) out[start[r.height()]++] = r;
        return java.util.Arrays.asList(out);
    }

    /**
     * Core's {@code FlushStateToDisk} for the block index: writes the entries changed since the last flush and the
     * active tip in one batch; nothing when neither changed. On failure the entries stay dirty.
     *
     * @return how many entries were written
     */
    public int flush(BlockIndexStore store) throws IOException {
        Hash256 tip = chain.tip().hash();
        if (dirty.isEmpty() && tip.equals(flushedTip)) return 0;
        List<BlockIndexRecord> changed = new ArrayList<>(dirty.size());
        for (BlockIndex i : dirty) changed.add(i.toRecord());
        store.write(changed, tip);
        for (BlockIndex i : dirty) i.clearDirty();
        dirty.clear();
        flushedTip = tip;
        return changed.size();
    }
}
