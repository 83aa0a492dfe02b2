package io.mooring.node;

import io.mooring.blocks.BlockTree;
import io.mooring.chain.ActiveChain;
import io.mooring.chain.BlockIndex;
import io.mooring.chain.BlockIndexStore;
import io.mooring.chain.ChainParams;
import io.mooring.chain.Pow;
import io.mooring.headers.ChainStart;
import io.mooring.headers.DifficultyTransitionCheck;
import io.mooring.validation.AcceptResult;
import io.mooring.validation.ChainListener;
import io.mooring.validation.ChainstateManager;
import io.mooring.validation.DifficultyRules;
import io.mooring.validation.HeaderValidator;
import io.mooring.validation.HeadersResult;
import io.mooring.validation.ValidationError;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's chain state: Core's ChainstateManager over the block store, seen by chain sync as a {@link BlockTree}.
 * Lives on the node loop (no locks). Blocks are written to the block files before the index entry that points at them,
 * and the index is flushed in one atomic batch (at most once a second, and at shutdown), so a crash loses at most the
 * last second of blocks, which are downloaded again.
 */
final class NodeChain implements BlockTree {
    private static final Logger LOG = LoggerFactory.getLogger(NodeChain.class);

    /** Core's MIN_BLOCKS_TO_KEEP: an unrequested block this far above our tip is not stored. */
    static final int MIN_BLOCKS_TO_KEEP = 288;

    /** Where block data and the index live (the node's chain store; tests may use memory). */
    interface BlockStorage extends AutoCloseable {
        BlockIndexStore index();

        /** Appends a block (to be at {@code height}) to the block files; returns {file, dataPos}. */
        int[] append(Block block, int height) throws IOException;

        Optional<Block> read(int file, int dataPos);

        /** Makes appended block data durable (before the index that points at it is written). */
        void flushFiles() throws IOException;

        @Override
        void close() throws IOException;
    }

    private final ChainstateManager chainman;
    private final BlockStorage storage;
    private final ChainParams params;
    private long lastFlushSecond;

    NodeChain(ChainstateManager chainman, BlockStorage storage) {
        this.chainman = Objects.requireNonNull(chainman, "chainman");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.params = chainman.params();
    }

    ChainstateManager chainman() {
        return chainman;
    }

    void addListener(ChainListener listener) {
        chainman.addListener(listener);
    }

    static Known known(BlockIndex index) {
        return new Known(index.hash(), index.header(), index.height(), index.chainWork());
    }

    private BlockIndex index(Known block) {
        BlockIndex index = chainman.lookup(block.hash());
        if (index == null) throw new IllegalArgumentException("not in the block index: " + block.hash());
        return index;
    }

    // ---- HeaderChain ------------------------------------------------------------------------------------------------

    @Override
    public ChainParams params() {
        return params;
    }

    @Override
    public Optional<Known> lookup(Hash256 hash) {
        BlockIndex index = chainman.lookup(hash);
        return index == null ? Optional.empty() : Optional.of(known(index));
    }

    @Override
    public Known bestHeader() {
        return known(chainman.bestHeader());
    }

    @Override
    public Known activeTip() {
        return known(chainman.tip());
    }

    @Override
    public boolean isInActiveChain(Hash256 block) {
        BlockIndex index = chainman.lookup(block);
        return index != null && chainman.activeChain().contains(index);
    }

    @Override
    public boolean isFullyValidated(Known block) {
        BlockIndex index = chainman.lookup(block.hash());
        return index != null && index.isValid(io.mooring.chain.BlockStatus.VALID_TRANSACTIONS)
                && index.haveNumChainTxs();
    }

    @Override
    public boolean isAncestorOfBestHeaderOrTip(Hash256 block) {
        BlockIndex index = chainman.lookup(block);
        if (index == null) return false;
        BlockIndex best = chainman.bestHeader();
        return (best != null && best.getAncestor(index.height()) == index) || chainman.activeChain().contains(index);
    }

    @Override
    public Known ancestor(Known block, int height) {
        return known(index(block).getAncestor(height));
    }

    @Override
    public List<Hash256> locator(Known block) {
        return ActiveChain.locator(index(block));
    }

    @Override
    public Known findForkInActiveChain(List<Hash256> locator) {
        return known(chainman.findForkInGlobalIndex(locator));
    }

    @Override
    public Optional<Known> nextInActiveChain(Known block) {
        BlockIndex next = chainman.activeChain().next(index(block));
        return next == null ? Optional.empty() : Optional.of(known(next));
    }

    @Override
    public ChainStart chainStart(Known block) {
        BlockIndex index = index(block);
        return new ChainStart(index.hash(), index.header(), index.height(), index.chainWork(), index.medianTimePast(),
                ActiveChain.locator(index));
    }

    @Override
    public BigInteger minimumChainWork() {
        return params.minimumChainWork();
    }

    @Override
    public DifficultyTransitionCheck difficultyTransitions() {
        ChainParams.PowRules pow = params.consensus().pow();
        return (height, oldBits, newBits) -> DifficultyRules.permittedDifficultyTransition(pow, height, oldBits, newBits);
    }

    @Override
    public boolean hasValidProofOfWork(Hash256 hash, long bits) {
        return HeaderValidator.checkBlockHeader(hash, bits, params.consensus().pow()).isEmpty();
    }

    @Override
    public Processed processNewBlockHeaders(List<BlockHeader> headers, long nowSeconds) {
        HeadersResult result = chainman.processNewBlockHeaders(headers, nowSeconds, true);
        Optional<Known> last = result.last() == null ? Optional.empty() : Optional.of(known(result.last()));
        return new Processed(last, result.error().map(NodeChain::rejection));
    }

    @Override
    public boolean isInitialBlockDownload(long nowSeconds) {
        return chainman.isInitialBlockDownload(nowSeconds);
    }

    // ---- BlockTree --------------------------------------------------------------------------------------------------

    @Override
    public boolean hasData(Known block) {
        BlockIndex index = chainman.lookup(block.hash());
        return index != null && index.haveData();
    }

    @Override
    public boolean isValidTree(Known block) {
        BlockIndex index = chainman.lookup(block.hash());
        return index != null && index.isValid(io.mooring.chain.BlockStatus.VALID_TREE);
    }

    @Override
    public Known lastCommonAncestor(Known a, Known b) {
        return known(BlockIndex.lastCommonAncestor(index(a), index(b)));
    }

    @Override
    public boolean segwitActiveAt(int height) {
        return height >= params.consensus().deployments().segwitHeight();
    }

    /**
     * Core's ProcessNewBlock with AcceptBlock's rules for unrequested blocks: kept only when they could extend our
     * best chain, are not too far ahead and reach the minimum chain work.
     */
    @Override
    public BlockResult processNewBlock(Block block, boolean forceProcessing, long nowSeconds) {
        Hash256 hash = block.hash();
        BlockIndex existing = chainman.lookup(hash);
        if (existing != null && existing.haveData()) return new BlockResult(false, Optional.empty());
        if (!forceProcessing) {
            BlockIndex prev = chainman.lookup(block.header().prevBlock());
            if (prev != null) {
                BigInteger work = prev.chainWork().add(Pow.blockProof(block.header().bits()));
                BlockIndex tip = chainman.tip();
                boolean moreOrSameWork = work.compareTo(tip.chainWork()) >= 0;
                boolean tooFarAhead = prev.height() + 1 > tip.height() + MIN_BLOCKS_TO_KEEP;
                if (!moreOrSameWork || tooFarAhead || work.compareTo(minimumChainWork()) < 0) {
                    return new BlockResult(false, Optional.empty());
                }
            }
        }
        AcceptResult accepted;
        try {
            // The block reaches the block files only after passing every check (Core's AcceptBlock order).
            accepted = chainman.acceptBlock(block, storage::append, nowSeconds);
        } catch (IOException e) {
            // Core treats a failed block write as fatal for the block, not for the node: log and drop it.
            LOG.error("Failed to write block {} to disk: {}", hash, e.getMessage());
            return new BlockResult(false, Optional.empty());
        }
        if (!accepted.isValid()) {
            return new BlockResult(false, accepted.error().map(NodeChain::rejection));
        }
        chainman.activateBestChain(nowSeconds);
        return new BlockResult(true, Optional.empty());
    }

    @Override
    public Optional<Block> readBlock(Known block) {
        BlockIndex index = chainman.lookup(block.hash());
        if (index == null || !index.haveData() || index.file() < 0) return Optional.empty();
        return storage.read(index.file(), index.dataPos())
                .filter(b -> b.hash().equals(block.hash()));
    }

    // ---- persistence ------------------------------------------------------------------------------------------------

    /** Flushes at most once a second (called on every node tick). */
    void maybeFlush(long nowSeconds) {
        if (nowSeconds - lastFlushSecond >= 1) {
            lastFlushSecond = nowSeconds;
            flush();
        }
    }

    /** Block data first, then the index batch that points at it (Core's FlushStateToDisk order). */
    void flush() {
        try {
            storage.flushFiles();
            chainman.flush(storage.index());
        } catch (IOException e) {
            LOG.error("Failed to flush the block index: {}", e.getMessage());
        }
    }

    void close() {
        flush();
        try {
            storage.close();
        } catch (IOException e) {
            LOG.error("Failed to close the chain store: {}", e.getMessage());
        }
    }

    private static Rejection rejection(ValidationError error) {
        return new Rejection(error.result(), error.reason());
    }
}
