package io.mooring.blocks;

import io.mooring.validation.BlockValidationResult;
import io.mooring.headers.HeaderChain;
import io.mooring.headers.HeadersSync;
import io.mooring.logging.LogCategory;
import io.mooring.net.ConnectionType;
import io.mooring.net.PeerHandle;
import io.mooring.net.PeerId;
import io.mooring.wire.Hash256;
import io.mooring.wire.message.BlockMessage;
import io.mooring.wire.message.GetBlocksMessage;
import io.mooring.wire.message.InvMessage;
import io.mooring.wire.message.GetDataMessage;
import io.mooring.wire.message.InvItem;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.NotFoundMessage;
import io.mooring.wire.netaddress.ServiceFlags;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Block download and serving, as Core's net_processing: a moving window of {@link #BLOCK_DOWNLOAD_WINDOW} blocks
 * past the last block we share with each peer, at most {@link #MAX_BLOCKS_IN_TRANSIT_PER_PEER} in flight per peer
 * and each block from one peer at a time, direct fetch of freshly announced blocks near the tip, the stalling rule
 * (a peer holding up the window is disconnected after 2 s, doubling to 64 s) and the per-block download timeout, so
 * a stalled block moves to another peer; received blocks go to the chain layer; getdata for blocks on our active
 * chain is served from the block store.
 *
 * <p>Sans-I/O like {@link HeadersSync}, whose per-peer best known block it uses.
 */
public final class BlockDownload implements HeadersSync.Listener {
    private static final Logger NET = LogCategory.NET.logger();
    private static final Logger INFO = LoggerFactory.getLogger(BlockDownload.class);

    /** Core's MAX_BLOCKS_IN_TRANSIT_PER_PEER. */
    public static final int MAX_BLOCKS_IN_TRANSIT_PER_PEER = 16;
    /** Core's BLOCK_DOWNLOAD_WINDOW. */
    public static final int BLOCK_DOWNLOAD_WINDOW = 1024;
    /** Core's BLOCK_STALLING_TIMEOUT_DEFAULT and BLOCK_STALLING_TIMEOUT_MAX. */
    public static final Duration BLOCK_STALLING_TIMEOUT_DEFAULT = Duration.ofSeconds(2);
    public static final Duration BLOCK_STALLING_TIMEOUT_MAX = Duration.ofSeconds(64);
    /** Core's BLOCK_DOWNLOAD_TIMEOUT_BASE and _PER_PEER, in block intervals. */
    static final double BLOCK_DOWNLOAD_TIMEOUT_BASE = 1.0;
    static final double BLOCK_DOWNLOAD_TIMEOUT_PER_PEER = 0.5;
    /** Core's NODE_NETWORK_LIMITED_MIN_BLOCKS: what a pruned (limited) peer is sure to still have. */
    static final int NODE_NETWORK_LIMITED_MIN_BLOCKS = 288;
    /** Core's CanDirectFetch: our tip is younger than this many block intervals. */
    static final int DIRECT_FETCH_TIP_INTERVALS = 20;

    private record QueuedBlock(HeaderChain.Known block) {
    }

    private static final class PeerDownload {
        final PeerHandle handle;
        /** Core's m_continuation_block: when this block is requested, an inv of our tip asks for the next batch. */
        Hash256 continuationBlock;
        final Deque<QueuedBlock> inFlight = new ArrayDeque<>();
        HeaderChain.Known lastCommonBlock;
        Instant downloadingSince = Instant.EPOCH;
        Instant stallingSince;
        Instant lastBlockTime;

        PeerDownload(PeerHandle handle) {
            this.handle = handle;
        }
    }

    private final BlockTree chain;
    private final HeadersSync headers;
    private final Map<PeerId, PeerDownload> peers = new LinkedHashMap<>();
    /** Core's mapBlocksInFlight (one source per block). */
    private final Map<Hash256, PeerId> blocksInFlight = new HashMap<>();
    private int peersDownloadingFrom;
    private Duration stallingTimeout = BLOCK_STALLING_TIMEOUT_DEFAULT;

    public BlockDownload(BlockTree chain, HeadersSync headers) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.headers = Objects.requireNonNull(headers, "headers");
        headers.setListener(this);
        headers.setBlockRequests(blocksInFlight::containsKey, blocksInFlight::isEmpty);
    }

    // ---- events -----------------------------------------------------------------------------------------------------

    public void peerReady(PeerHandle peer, Instant now) {
        peers.put(peer.id(), new PeerDownload(peer));
    }

    public void peerGone(PeerId id) {
        PeerDownload p = peers.remove(id);
        if (p == null) return;
        for (QueuedBlock q : p.inFlight) blocksInFlight.remove(q.block().hash());
        if (!p.inFlight.isEmpty()) peersDownloadingFrom--;
    }

    public void onMessage(PeerHandle peer, Message message, Instant now) {
        PeerDownload p = peers.get(peer.id());
        if (p == null) return;
        switch (message) {
            case BlockMessage b -> onBlock(p, b.block(), now);
            case GetDataMessage g -> serveGetData(p, g.items());
            case GetBlocksMessage g -> serveGetBlocks(p, g);
            case NotFoundMessage n -> onNotFound(p, n.items(), now);
            default -> {
            }
        }
    }

    /** Core's SendMessages download part: timeouts first, then more requests, for every peer. */
    public void onTick(Instant now) {
        for (PeerDownload p : List.copyOf(peers.values())) {
            if (checkTimeouts(p, now)) continue;
            requestBlocks(p, now);
        }
    }

    /** Core's HeadersDirectFetchBlocks, after a headers message was processed. */
    @Override
    public void headersProcessed(PeerHandle peer, HeaderChain.Known last, Instant now) {
        PeerDownload p = peers.get(peer.id());
        if (p == null) return;
        HeaderChain.Known tip = chain.activeTip();
        if (canDirectFetch(now) && chain.isValidTree(last) && tip.chainWork().compareTo(last.chainWork()) <= 0) {
            List<HeaderChain.Known> toFetch = new ArrayList<>();
            HeaderChain.Known walk = last;
            while (!chain.isInActiveChain(walk.hash()) && toFetch.size() <= MAX_BLOCKS_IN_TRANSIT_PER_PEER) {
                if (!chain.hasData(walk) && !blocksInFlight.containsKey(walk.hash())
                        && (!chain.segwitActiveAt(walk.height()) || canServeWitnesses(peer))) {
                    toFetch.add(walk);
                }
                if (walk.height() == 0) break;
                walk = chain.ancestor(walk, walk.height() - 1);
            }
            if (!chain.isInActiveChain(walk.hash())) {
                NET.debug("Large reorg, won't direct fetch to {} ({})", last.hash(), last.height());
            } else {
                List<InvItem> getData = new ArrayList<>();
                for (int i = toFetch.size() - 1; i >= 0; i--) {
                    if (p.inFlight.size() >= MAX_BLOCKS_IN_TRANSIT_PER_PEER) break;
                    HeaderChain.Known block = toFetch.get(i);
                    getData.add(new InvItem(fetchType(peer), block.hash()));
                    blockRequested(p, block, now);
                    NET.debug("Requesting block {} from peer={}", block.hash(), peer.id());
                }
                if (getData.size() > 1) {
                    NET.debug("Downloading blocks toward {} ({}) via headers direct fetch", last.hash(), last.height());
                }
                if (!getData.isEmpty()) peer.send(new GetDataMessage(getData));
            }
        }
        requestBlocks(p, now);
    }

    // ---- requesting -------------------------------------------------------------------------------------------------

    /** Core's "Message: getdata (blocks)" part of SendMessages. */
    private void requestBlocks(PeerDownload p, Instant now) {
        PeerHandle peer = p.handle;
        if (!canServeBlocks(peer) || p.inFlight.size() >= MAX_BLOCKS_IN_TRANSIT_PER_PEER) return;
        boolean initialDownload = chain.isInitialBlockDownload(now.getEpochSecond());
        if (!((syncBlocksFromPeer(peer) && !isLimitedPeer(peer)) || !initialDownload)) return;
        List<HeaderChain.Known> toDownload = new ArrayList<>();
        PeerId[] staller = new PeerId[1];
        findNextBlocksToDownload(p, MAX_BLOCKS_IN_TRANSIT_PER_PEER - p.inFlight.size(), toDownload, staller);
        if (!toDownload.isEmpty()) {
            List<InvItem> getData = new ArrayList<>(toDownload.size());
            for (HeaderChain.Known block : toDownload) {
                getData.add(new InvItem(fetchType(peer), block.hash()));
                blockRequested(p, block, now);
                NET.debug("Requesting block {} ({}) peer={}", block.hash(), block.height(), peer.id());
            }
            peer.send(new GetDataMessage(getData));
        }
        if (p.inFlight.isEmpty() && staller[0] != null) {
            PeerDownload stalling = peers.get(staller[0]);
            if (stalling != null && stalling.stallingSince == null) {
                stalling.stallingSince = now;
                NET.debug("Stall started peer={}", staller[0]);
            }
        }
    }

    /** Core's sync_blocks_and_headers_from_peer. */
    private boolean syncBlocksFromPeer(PeerHandle peer) {
        if (headers.isPreferredDownload(peer.id())) return true;
        return canServeBlocks(peer) && peer.connectionType() != ConnectionType.ADDR_FETCH
                && (headers.preferredDownloadCount() == 0 || blocksInFlight.isEmpty());
    }

    /** Core's FindNextBlocksToDownload and FindNextBlocks. */
    private void findNextBlocksToDownload(PeerDownload p, int count, List<HeaderChain.Known> out, PeerId[] staller) {
        if (count <= 0) return;
        Optional<HeaderChain.Known> known = headers.bestKnownBlock(p.handle.id());
        HeaderChain.Known tip = chain.activeTip();
        if (known.isEmpty() || known.get().chainWork().compareTo(tip.chainWork()) < 0
                || known.get().chainWork().compareTo(chain.minimumChainWork()) < 0) {
            return; // nothing interesting
        }
        HeaderChain.Known bestKnown = known.get();
        if (p.lastCommonBlock == null) {
            // Guess a fork point near our tip; a wrong guess either way is corrected below.
            int height = Math.min(bestKnown.height(), tip.height());
            p.lastCommonBlock = chain.ancestor(tip, height);
        }
        // The peer may have reorganised: go back to a real common ancestor.
        p.lastCommonBlock = chain.lastCommonAncestor(p.lastCommonBlock, bestKnown);
        if (p.lastCommonBlock.hash().equals(bestKnown.hash())) return;

        HeaderChain.Known walk = p.lastCommonBlock;
        // Never beyond the peer's best block, nor more than the window (+1 to detect stalling) past the common block.
        int windowEnd = p.lastCommonBlock.height() + BLOCK_DOWNLOAD_WINDOW;
        int maxHeight = Math.min(bestKnown.height(), windowEnd + 1);
        boolean limited = isLimitedPeer(p.handle);
        PeerId waitingFor = null;
        // Core moves the last common block only over blocks whose ancestors all have data (HaveNumChainTxs).
        boolean allDataSoFar = true;
        while (walk.height() < maxHeight) {
            int toFetch = Math.min(maxHeight - walk.height(), Math.max(count - out.size(), 128));
            HeaderChain.Known[] batch = new HeaderChain.Known[toFetch];
            walk = chain.ancestor(bestKnown, walk.height() + toFetch);
            batch[toFetch - 1] = walk;
            for (int i = toFetch - 1; i > 0; i--) batch[i - 1] = chain.ancestor(batch[i], batch[i].height() - 1);
            for (HeaderChain.Known block : batch) {
                if (!chain.isValidTree(block)) return; // the peer's chain is invalid
                if (!canServeWitnesses(p.handle) && chain.segwitActiveAt(block.height())) return;
                boolean inActiveChain = chain.isInActiveChain(block.hash());
                if (chain.hasData(block) || inActiveChain) {
                    if (inActiveChain || allDataSoFar) p.lastCommonBlock = block;
                    continue;
                }
                allDataSoFar = false;
                PeerId holder = blocksInFlight.get(block.hash());
                if (holder != null) {
                    if (waitingFor == null) waitingFor = holder;
                    continue;
                }
                if (block.height() > windowEnd) {
                    // We could fetch it if the window were one larger: whoever holds the window's first block stalls.
                    if (out.isEmpty() && waitingFor != null && !waitingFor.equals(p.handle.id())) {
                        staller[0] = waitingFor;
                    }
                    return;
                }
                if (limited && bestKnown.height() - block.height() >= NODE_NETWORK_LIMITED_MIN_BLOCKS - 2) {
                    continue; // a pruned peer may no longer have it
                }
                out.add(block);
                if (out.size() == count) return;
            }
        }
    }

    /** Core's BlockRequested. */
    private void blockRequested(PeerDownload p, HeaderChain.Known block, Instant now) {
        blocksInFlight.put(block.hash(), p.handle.id());
        p.inFlight.addLast(new QueuedBlock(block));
        if (p.inFlight.size() == 1) {
            // A download batch starts from this peer.
            p.downloadingSince = now;
            peersDownloadingFrom++;
        }
    }

    /** Core's RemoveBlockRequest: {@code from} empty means from whichever peer it was requested. */
    private void removeBlockRequest(Hash256 hash, Optional<PeerId> from, Instant now) {
        PeerId holder = blocksInFlight.get(hash);
        if (holder == null || (from.isPresent() && !from.get().equals(holder))) return;
        blocksInFlight.remove(hash);
        PeerDownload p = peers.get(holder);
        if (p == null) return;
        boolean wasFirst = !p.inFlight.isEmpty() && p.inFlight.peekFirst().block().hash().equals(hash);
        p.inFlight.removeIf(q -> q.block().hash().equals(hash));
        if (wasFirst) {
            // The first block arrived: the next one's timeout counts from now.
            p.downloadingSince = p.downloadingSince.isAfter(now) ? p.downloadingSince : now;
        }
        if (p.inFlight.isEmpty()) {
            peersDownloadingFrom--;
        }
        p.stallingSince = null;
    }

    /** Core's stalling and block-download timeouts; true when the peer was disconnected. */
    private boolean checkTimeouts(PeerDownload p, Instant now) {
        if (p.stallingSince != null && p.stallingSince.isBefore(now.minus(stallingTimeout))) {
            // Only the window not moving triggers this, which in steady state happens only during IBD.
            INFO.info("Peer is stalling block download, disconnecting peer={}", p.handle.id());
            p.handle.disconnect("peer is stalling block download");
            Duration doubled = stallingTimeout.multipliedBy(2);
            Duration next = doubled.compareTo(BLOCK_STALLING_TIMEOUT_MAX) > 0 ? BLOCK_STALLING_TIMEOUT_MAX : doubled;
            if (!next.equals(stallingTimeout)) {
                stallingTimeout = next;
                NET.debug("Increased stalling timeout temporarily to {} seconds", next.toSeconds());
            }
            return true;
        }
        if (!p.inFlight.isEmpty()) {
            long spacing = chain.params().consensus().pow().targetSpacing();
            int others = peersDownloadingFrom - 1;
            double intervals = BLOCK_DOWNLOAD_TIMEOUT_BASE + BLOCK_DOWNLOAD_TIMEOUT_PER_PEER * others;
            Instant deadline = p.downloadingSince.plusMillis((long) (spacing * 1000 * intervals));
            if (now.isAfter(deadline)) {
                INFO.info("Timeout downloading block {}, disconnecting peer={}", p.inFlight.peekFirst().block().hash(),
                        p.handle.id());
                p.handle.disconnect("timeout downloading block");
                return true;
            }
        }
        return false;
    }

    // ---- receiving --------------------------------------------------------------------------------------------------

    /** Core's BLOCK message handling and ProcessBlock. */
    private void onBlock(PeerDownload p, Block block, Instant now) {
        Hash256 hash = block.hash();
        NET.debug("received block {} peer={}", hash, p.handle.id());
        // Always process a block we asked for, even when it is not a candidate for our best tip.
        boolean forceProcessing = blocksInFlight.containsKey(hash);
        removeBlockRequest(hash, Optional.of(p.handle.id()), now);
        BlockTree.BlockResult result = chain.processNewBlock(block, forceProcessing, now.getEpochSecond());
        if (result.rejection().isPresent()) {
            HeaderChain.Rejection rejection = result.rejection().get();
            switch (rejection.category()) {
                case MUTATED, CONSENSUS, INVALID_HEADER, INVALID_PREV, MISSING_PREV ->
                        p.handle.misbehaving((rejection.category() == BlockValidationResult.MUTATED ? "mutated block: "
                                : "invalid block: ") + rejection.reason());
                case CACHED_INVALID -> {
                    if (!p.handle.isInbound()) p.handle.misbehaving("invalid block: " + rejection.reason());
                }
                case TIME_FUTURE, HEADER_LOW_WORK -> NET.debug("peer={}: block {} not accepted: {}", p.handle.id(),
                        hash, rejection.reason());
            }
            return;
        }
        if (result.newBlock()) {
            p.lastBlockTime = now;
            // It may have come from another peer than the one we asked: the request is done either way.
            removeBlockRequest(hash, Optional.empty(), now);
        }
        requestBlocks(p, now);
    }

    private void onNotFound(PeerDownload p, List<InvItem> items, Instant now) {
        // A peer that does not have a block we asked for frees it for another peer at once.
        for (InvItem item : items) {
            int kind = item.type() & ~InvItem.MSG_WITNESS_FLAG;
            if (kind == InvItem.MSG_BLOCK || kind == InvItem.MSG_CMPCT_BLOCK) {
                removeBlockRequest(item.hash(), Optional.of(p.handle.id()), now);
            }
        }
    }

    // ---- serving ----------------------------------------------------------------------------------------------------

    /** Core's ProcessGetData for blocks (active chain only); transactions are not found (no mempool). */
    private void serveGetData(PeerDownload p, List<InvItem> items) {
        NET.debug("received getdata ({} invsz) peer={}", items.size(), p.handle.id());
        List<InvItem> notFound = new ArrayList<>();
        for (InvItem item : items) {
            int kind = item.type() & ~InvItem.MSG_WITNESS_FLAG;
            boolean witness = (item.type() & InvItem.MSG_WITNESS_FLAG) != 0;
            switch (kind) {
                case InvItem.MSG_BLOCK, InvItem.MSG_CMPCT_BLOCK -> serveBlock(p, item.hash(), witness);
                case InvItem.MSG_TX, InvItem.MSG_WTX -> notFound.add(item);
                default -> NET.debug("getdata of unsupported type {} from peer={}", item.type(), p.handle.id());
            }
        }
        if (!notFound.isEmpty()) p.handle.send(new NotFoundMessage(notFound));
    }

    /** Core's limit on blocks announced in answer to one getblocks. */
    static final int GETBLOCKS_LIMIT = 500;

    /**
     * Core's GETBLOCKS handling (the pre-headers sync that bitcoinj and old clients use): an inv of up to 500 active
     * chain blocks after the fork point of their locator; the last one becomes the continuation block.
     */
    private void serveGetBlocks(PeerDownload p, GetBlocksMessage request) {
        Optional<HeaderChain.Known> walk = chain.nextInActiveChain(chain.findForkInActiveChain(request.locator()));
        NET.debug("getblocks {} to {} limit {} from peer={}", walk.map(HeaderChain.Known::height).orElse(-1),
                request.hashStop().isZero() ? "end" : request.hashStop(), GETBLOCKS_LIMIT, p.handle.id());
        List<InvItem> inv = new ArrayList<>();
        while (walk.isPresent()) {
            HeaderChain.Known k = walk.get();
            if (k.hash().equals(request.hashStop())) {
                NET.debug("  getblocks stopping at {} {}", k.height(), k.hash());
                break;
            }
            inv.add(new InvItem(InvItem.MSG_BLOCK, k.hash()));
            if (inv.size() >= GETBLOCKS_LIMIT) {
                NET.debug("  getblocks stopping at limit {} {}", k.height(), k.hash());
                p.continuationBlock = k.hash();
                break;
            }
            walk = chain.nextInActiveChain(k);
        }
        if (!inv.isEmpty()) p.handle.send(new InvMessage(inv));
    }

    private void serveBlock(PeerDownload p, Hash256 hash, boolean witness) {
        Optional<HeaderChain.Known> known = chain.lookup(hash);
        if (known.isEmpty()) return;
        if (!chain.isInActiveChain(hash)) {
            // Core's BlockRequestAllowed: blocks off our chain could fingerprint us.
            NET.debug("ignoring request from peer={} for old block that isn't in the main chain", p.handle.id());
            return;
        }
        if (!chain.hasData(known.get())) return;
        Optional<Block> block = chain.readBlock(known.get());
        if (block.isEmpty()) {
            INFO.error("Cannot load block from disk, disconnecting peer={}", p.handle.id());
            p.handle.disconnect("cannot load block from disk");
            return;
        }
        p.handle.send(new BlockMessage(witness ? block.get() : withoutWitness(block.get())));
        if (hash.equals(p.continuationBlock)) {
            // The peer reached the end of the last getblocks batch: an inv of our tip makes it ask for the next.
            p.handle.send(new InvMessage(List.of(new InvItem(InvItem.MSG_BLOCK, chain.activeTip().hash()))));
            p.continuationBlock = null;
        }
    }

    /** The block as a pre-segwit peer reads it (Core's TX_NO_WITNESS serialisation). */
    static Block withoutWitness(Block block) {
        List<Transaction> stripped = new ArrayList<>(block.transactions().size());
        for (Transaction tx : block.transactions()) {
            if (!tx.hasWitness()) {
                stripped.add(tx);
                continue;
            }
            List<TxIn> inputs = new ArrayList<>(tx.inputs().size());
            for (TxIn in : tx.inputs()) inputs.add(new TxIn(in.prevout(), in.scriptSig(), in.sequence()));
            stripped.add(new Transaction(tx.version(), inputs, tx.outputs(), tx.lockTime()));
        }
        return new Block(block.header(), stripped);
    }

    // ---- queries ----------------------------------------------------------------------------------------------------

    /** Blocks in flight from the peer (getpeerinfo's "inflight" heights). */
    public List<Integer> inFlightHeights(PeerId id) {
        PeerDownload p = peers.get(id);
        if (p == null) return List.of();
        return p.inFlight.stream().map(q -> q.block().height()).toList();
    }

    /** When the peer last gave us a new block (eviction protects recent block sources). */
    public Optional<Instant> lastBlockTime(PeerId id) {
        PeerDownload p = peers.get(id);
        return p == null ? Optional.empty() : Optional.ofNullable(p.lastBlockTime);
    }

    /** All blocks in flight. */
    public int blocksInFlightCount() {
        return blocksInFlight.size();
    }

    /** The current stalling timeout (doubles after each stall, up to 64 s). */
    public Duration stallingTimeout() {
        return stallingTimeout;
    }

    private boolean canDirectFetch(Instant now) {
        long spacing = chain.params().consensus().pow().targetSpacing();
        return chain.activeTip().header().time() > now.getEpochSecond() - spacing * DIRECT_FETCH_TIP_INTERVALS;
    }

    private static int fetchType(PeerHandle peer) {
        return canServeWitnesses(peer) ? InvItem.MSG_WITNESS_BLOCK : InvItem.MSG_BLOCK;
    }

    private static boolean canServeBlocks(PeerHandle peer) {
        return (peer.services() & (ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_NETWORK_LIMITED)) != 0;
    }

    private static boolean canServeWitnesses(PeerHandle peer) {
        return (peer.services() & ServiceFlags.NODE_WITNESS) != 0;
    }

    private static boolean isLimitedPeer(PeerHandle peer) {
        return (peer.services() & ServiceFlags.NODE_NETWORK) == 0
                && (peer.services() & ServiceFlags.NODE_NETWORK_LIMITED) != 0;
    }
}
