package io.mooring.blocks;

import io.mooring.validation.BlockValidationResult;
import io.mooring.headers.HeaderChain;
import io.mooring.headers.HeadersSync;
import io.mooring.logging.LogCategory;
import io.mooring.net.ConnectionType;
import io.mooring.net.PeerHandle;
import io.mooring.net.PeerId;
import io.mooring.wire.Hash256;
import io.mooring.net.ProtocolVersion;
import io.mooring.wire.message.BlockMessage;
import io.mooring.wire.message.BlockTxnMessage;
import io.mooring.wire.message.CmpctBlockMessage;
import io.mooring.wire.message.GetBlockTxnMessage;
import io.mooring.wire.message.SendCmpctMessage;
import io.mooring.wire.message.ShortTxIds;
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
import java.util.random.RandomGenerator;
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
 * <p>BIP152 compact blocks as Core: {@code MSG_CMPCT_BLOCK} requests for blocks near the tip answered with
 * {@code cmpctblock}, {@code getblocktxn} served from the most recent block or the store, received compact blocks
 * rebuilt from the mempool and the extra pool with {@code getblocktxn}/{@code blocktxn} for what is missing (up to
 * {@link #MAX_CMPCTBLOCKS_INFLIGHT_PER_BLOCK} peers may race to deliver one block), the fallback to a full block
 * when reconstruction fails, and the choice of up to three high-bandwidth peers (Core's
 * MaybeSetPeerAsAnnouncingHeaderAndIDs).
 *
 * <p>Sans-I/O like {@link HeadersSync}, whose per-peer best known block it uses.
 */
public final class BlockDownload implements HeadersSync.Listener {
    private static final Logger NET = LogCategory.NET.logger();
    private static final Logger INFO = LoggerFactory.getLogger(BlockDownload.class);
    private static final Logger CMPCTBLOCK = LogCategory.CMPCTBLOCK.logger();

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
    /** Core's MAX_CMPCTBLOCKS_INFLIGHT_PER_BLOCK: peers that may deliver one block by compact block at once. */
    public static final int MAX_CMPCTBLOCKS_INFLIGHT_PER_BLOCK = 3;
    /** Core's MAX_CMPCTBLOCK_DEPTH: deeper blocks asked for as MSG_CMPCT_BLOCK are sent in full. */
    public static final int MAX_CMPCTBLOCK_DEPTH = 5;
    /** Core's MAX_BLOCKTXN_DEPTH: getblocktxn for deeper blocks is answered with the whole block. */
    public static final int MAX_BLOCKTXN_DEPTH = 10;
    /** BIP152: at most three peers are asked to announce blocks as cmpctblock (high-bandwidth mode). */
    public static final int MAX_HIGH_BANDWIDTH_PEERS = 3;
    /** The compact block version Mooring builds (short ids from wtxids), Core's CMPCTBLOCKS_VERSION. */
    private static final int COMPACT_VERSION = (int) ProtocolVersion.CMPCTBLOCKS_VERSION;

    /** One block requested from one peer (Core's QueuedBlock): with the compact block being rebuilt, if any. */
    private static final class QueuedBlock {
        final HeaderChain.Known block;
        PartiallyDownloadedBlock partial;

        QueuedBlock(HeaderChain.Known block) {
            this.block = block;
        }
    }

    /** How a getdata asked for a block (Core's inv types), which decides the answer. */
    private enum BlockForm { NO_WITNESS, WITNESS, COMPACT, FILTERED }

    private static final class PeerDownload {
        final PeerHandle handle;
        /** Core's m_continuation_block: when this block is requested, an inv of our tip asks for the next batch. */
        Hash256 continuationBlock;
        final Deque<QueuedBlock> inFlight = new ArrayDeque<>();
        HeaderChain.Known lastCommonBlock;
        Instant downloadingSince = Instant.EPOCH;
        Instant stallingSince;
        Instant lastBlockTime;
        /** Core's m_bip152_highbandwidth_to: we asked this peer to announce new blocks to us as cmpctblock. */
        boolean highBandwidthTo;

        QueuedBlock queued(Hash256 hash) {
            for (QueuedBlock q : inFlight) {
                if (q.block.hash().equals(hash)) return q;
            }
            return null;
        }

        PeerDownload(PeerHandle handle) {
            this.handle = handle;
        }
    }

    private final BlockTree chain;
    private final HeadersSync headers;
    private final Map<PeerId, PeerDownload> peers = new LinkedHashMap<>();
    /**
     * Core's mapBlocksInFlight, a multimap: the peers a block is requested from, first requester first (only compact
     * block downloads put more than one peer on a block).
     */
    private final Map<Hash256, List<PeerId>> blocksInFlight = new HashMap<>();
    /** Entries in {@link #blocksInFlight} counted per (block, peer), as Core's multimap size. */
    private int inFlightEntries;
    private int peersDownloadingFrom;
    private Duration stallingTimeout = BLOCK_STALLING_TIMEOUT_DEFAULT;
    private final RandomGenerator random;
    /**
     * Core's lNodesAnnouncingHeaderAndIDs: the peers asked for high-bandwidth mode, oldest first. As in Core, a peer
     * that disconnects keeps its place until it is rotated out.
     */
    private final List<PeerId> highBandwidthPeers = new ArrayList<>();
    /** Core's m_most_recent_block*: the last block announced before validation, and its compact form. */
    private Hash256 mostRecentHash;
    private Block mostRecentBlock;
    private CmpctBlockMessage mostRecentCompact;
    /** Core's m_highest_fast_announce. */
    private int highestFastAnnounce;
    private MempoolView mempool = MempoolView.EMPTY;
    private ExtraTransactions extraTransactions =
            new ExtraTransactions(ExtraTransactions.DEFAULT_BLOCK_RECONSTRUCTION_EXTRA_TXN);
    /** Core's ignore_incoming_txs (-blocksonly): no compact blocks asked for or accepted. */
    private boolean ignoreIncomingTxs;

    public BlockDownload(BlockTree chain, HeadersSync headers, RandomGenerator random) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.random = Objects.requireNonNull(random, "random");
        headers.setListener(this);
        headers.setBlockRequests(blocksInFlight::containsKey, blocksInFlight::isEmpty);
        headers.setCompactBlockSource(this::compactBlockFor);
    }

    /** The mempool that compact blocks are rebuilt from (the node has none yet: {@link MempoolView#EMPTY}). */
    public void setMempool(MempoolView mempool) {
        this.mempool = Objects.requireNonNull(mempool, "mempool");
    }

    /** Core's vExtraTxnForCompact: transactions seen but not in the mempool, also used for reconstruction. */
    public ExtraTransactions extraTransactions() {
        return extraTransactions;
    }

    /**
     * Core's {@code -blockreconstructionextratxn} ({@code max_extra_txs}): the extra pool keeps at most {@code max}
     * transactions, 0 none. Set at startup; the pool starts empty.
     */
    public void setMaxExtraTransactions(long max) {
        this.extraTransactions = new ExtraTransactions(max);
    }

    /** Core's -blocksonly effect on block relay: never ask for high-bandwidth mode, ignore cmpctblock. */
    public void setIgnoreIncomingTxs(boolean ignore) {
        this.ignoreIncomingTxs = ignore;
    }

    // ---- events -----------------------------------------------------------------------------------------------------

    public void peerReady(PeerHandle peer, Instant now) {
        peers.put(peer.id(), new PeerDownload(peer));
    }

    public void peerGone(PeerId id) {
        PeerDownload p = peers.remove(id);
        if (p == null) return;
        for (QueuedBlock q : p.inFlight) dropHolder(q.block.hash(), id);
        if (!p.inFlight.isEmpty()) peersDownloadingFrom--;
    }

    public void onMessage(PeerHandle peer, Message message, Instant now) {
        PeerDownload p = peers.get(peer.id());
        if (p == null) return;
        switch (message) {
            case BlockMessage b -> onBlock(p, b.block(), now);
            case CmpctBlockMessage c -> onCompactBlock(p, c, now);
            case BlockTxnMessage t -> processCompactBlockTxns(p, t, now);
            case GetBlockTxnMessage g -> serveGetBlockTxn(p, g, now);
            case GetDataMessage g -> serveGetData(p, g.items(), now);
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
                if (getData.size() == 1 && !ignoreIncomingTxs && headers.providesCompactBlocks(peer.id())
                        && inFlightEntries == 1 && last.height() > 0
                        && chain.isInActiveChain(last.header().prevBlock())) {
                    // One new block on our tip from a compact block peer: ask for it as a compact block (Core asks
                    // when the parent is connected, BLOCK_VALID_CHAIN; for Mooring that is the active chain).
                    getData.set(0, new InvItem(InvItem.MSG_CMPCT_BLOCK, getData.get(0).hash()));
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
                List<PeerId> holders = blocksInFlight.get(block.hash());
                if (holders != null) {
                    if (waitingFor == null) waitingFor = holders.get(0);
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

    /** What {@link #blockRequested} did: {@code added} is false when the peer already had the block in flight. */
    private record Requested(QueuedBlock queued, boolean added) {
    }

    /** Core's BlockRequested: the block is now in flight from the peer; returns its queued entry. */
    private Requested blockRequested(PeerDownload p, HeaderChain.Known block, Instant now) {
        QueuedBlock existing = p.queued(block.hash());
        if (existing != null) return new Requested(existing, false);
        QueuedBlock q = new QueuedBlock(block);
        p.inFlight.addLast(q);
        if (p.inFlight.size() == 1) {
            // A download batch starts from this peer.
            p.downloadingSince = now;
            peersDownloadingFrom++;
        }
        blocksInFlight.computeIfAbsent(block.hash(), h -> new ArrayList<>(1)).add(p.handle.id());
        inFlightEntries++;
        return new Requested(q, true);
    }

    /** Core's RemoveBlockRequest: {@code from} empty means from every peer it was requested from. */
    private void removeBlockRequest(Hash256 hash, Optional<PeerId> from, Instant now) {
        List<PeerId> holders = blocksInFlight.get(hash);
        if (holders == null) return;
        for (PeerId holder : List.copyOf(holders)) {
            if (from.isPresent() && !from.get().equals(holder)) continue;
            dropHolder(hash, holder);
            PeerDownload p = peers.get(holder);
            if (p == null) continue;
            boolean wasFirst = !p.inFlight.isEmpty() && p.inFlight.peekFirst().block.hash().equals(hash);
            p.inFlight.removeIf(q -> q.block.hash().equals(hash));
            if (wasFirst) {
                // The first block arrived: the next one's timeout counts from now.
                p.downloadingSince = p.downloadingSince.isAfter(now) ? p.downloadingSince : now;
            }
            if (p.inFlight.isEmpty()) {
                peersDownloadingFrom--;
            }
            p.stallingSince = null;
        }
    }

    private void dropHolder(Hash256 hash, PeerId holder) {
        List<PeerId> holders = blocksInFlight.get(hash);
        if (holders != null && holders.remove(holder)) {
            inFlightEntries--;
            if (holders.isEmpty()) blocksInFlight.remove(hash);
        }
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
                INFO.info("Timeout downloading block {}, disconnecting peer={}", p.inFlight.peekFirst().block.hash(),
                        p.handle.id());
                p.handle.disconnect("timeout downloading block");
                return true;
            }
        }
        return false;
    }

    // ---- receiving --------------------------------------------------------------------------------------------------

    /** Core's BLOCK message handling. */
    private void onBlock(PeerDownload p, Block block, Instant now) {
        Hash256 hash = block.hash();
        NET.debug("received block {} peer={}", hash, p.handle.id());
        // Always process a block we asked for, even when it is not a candidate for our best tip.
        boolean forceProcessing = blocksInFlight.containsKey(hash);
        removeBlockRequest(hash, Optional.of(p.handle.id()), now);
        processBlock(p, block, forceProcessing, true, now);
    }

    /**
     * Core's ProcessBlock with BlockChecked: the block goes to the chain layer; a rejection is punished as Core's
     * MaybePunishNodeForBlock (not at all for consensus failures of a block relayed as compact block, which BIP152
     * allows before validation: {@code punishable} false); a block that became our tip while nothing else is in
     * flight makes its sender a high-bandwidth compact block peer.
     */
    private void processBlock(PeerDownload p, Block block, boolean forceProcessing, boolean punishable, Instant now) {
        Hash256 hash = block.hash();
        BlockTree.BlockResult result = chain.processNewBlock(block, forceProcessing, now.getEpochSecond());
        if (result.rejection().isPresent()) {
            HeaderChain.Rejection rejection = result.rejection().get();
            HeadersSync.maybePunishNodeForBlock(p.handle, rejection, !punishable,
                    rejection.category() == BlockValidationResult.MUTATED ? "mutated block" : "invalid block");
            return;
        }
        if (result.newBlock() && chain.isInActiveChain(hash) && !chain.isInitialBlockDownload(now.getEpochSecond())
                && inFlightCount(hash) == inFlightEntries) {
            // Core's BlockChecked: valid, out of IBD, and the best block we know of (nothing else in flight).
            maybeSetPeerAsAnnouncingHeaderAndIDs(p);
        }
        if (result.newBlock()) {
            p.lastBlockTime = now;
            // It may have come from another peer than the one we asked: the request is done either way.
            removeBlockRequest(hash, Optional.empty(), now);
        }
        requestBlocks(p, now);
    }

    private int inFlightCount(Hash256 hash) {
        List<PeerId> holders = blocksInFlight.get(hash);
        return holders == null ? 0 : holders.size();
    }

    /**
     * Core's MaybeSetPeerAsAnnouncingHeaderAndIDs: the peer that just gave us our new tip becomes one of (at most)
     * three high-bandwidth peers, the oldest of them dropped back to low-bandwidth; an inbound newcomer never pushes
     * out the last outbound one.
     */
    private void maybeSetPeerAsAnnouncingHeaderAndIDs(PeerDownload p) {
        if (ignoreIncomingTxs) return; // without a mempool worth the name, compact blocks would not reconstruct
        PeerId id = p.handle.id();
        if (!headers.providesCompactBlocks(id)) return;
        int outboundHighBandwidth = 0;
        for (int i = 0; i < highBandwidthPeers.size(); i++) {
            PeerId other = highBandwidthPeers.get(i);
            if (other.equals(id)) {
                highBandwidthPeers.remove(i);
                highBandwidthPeers.add(id);
                return;
            }
            PeerDownload o = peers.get(other);
            if (o != null && !o.handle.isInbound()) outboundHighBandwidth++;
        }
        if (p.handle.isInbound() && highBandwidthPeers.size() >= MAX_HIGH_BANDWIDTH_PEERS
                && outboundHighBandwidth == 1) {
            PeerDownload front = peers.get(highBandwidthPeers.get(0));
            if (front != null && !front.handle.isInbound()) {
                // Keep the only outbound high-bandwidth peer out of the slot about to be freed.
                java.util.Collections.swap(highBandwidthPeers, 0, 1);
            }
        }
        p.handle.send(new SendCmpctMessage(true, ProtocolVersion.CMPCTBLOCKS_VERSION));
        p.highBandwidthTo = true;
        highBandwidthPeers.add(id);
        if (highBandwidthPeers.size() > MAX_HIGH_BANDWIDTH_PEERS) {
            PeerDownload stop = peers.get(highBandwidthPeers.get(0));
            if (stop != null) {
                stop.handle.send(new SendCmpctMessage(false, ProtocolVersion.CMPCTBLOCKS_VERSION));
                stop.highBandwidthTo = false;
            }
            highBandwidthPeers.remove(0);
        }
    }

    // ---- compact blocks (BIP152) ------------------------------------------------------------------------------------

    /** Core's CMPCTBLOCK handling. */
    private void onCompactBlock(PeerDownload p, CmpctBlockMessage compact, Instant now) {
        PeerHandle peer = p.handle;
        PeerId id = peer.id();
        if (ignoreIncomingTxs) {
            CMPCTBLOCK.debug("peer={} sent us a compact block even though we are blocksonly!", id);
            return;
        }
        if (!headers.providesCompactBlocks(id)) {
            CMPCTBLOCK.debug("peer={} sent us a compact block despite never having sent us a SENDCMPCT!", id);
            return;
        }
        Optional<HeaderChain.Known> accepted = headers.acceptCompactBlockHeader(peer, compact.header(), now);
        if (accepted.isEmpty()) return;
        HeaderChain.Known index = accepted.get();
        Hash256 hash = index.hash();
        if (chain.hasData(index)) return; // nothing to do
        List<PeerId> holders = blocksInFlight.getOrDefault(hash, List.of());
        int alreadyInFlight = holders.size();
        boolean requestedFromThisPeer = holders.contains(id);
        boolean firstInFlight = alreadyInFlight == 0 || holders.get(0).equals(id);
        if (!requestedFromThisPeer && !p.highBandwidthTo) {
            CMPCTBLOCK.debug("peer={}, not marked as high-bandwidth, sent us an unsolicited compact block!", id);
            return;
        }
        HeaderChain.Known tip = chain.activeTip();
        if (index.chainWork().compareTo(tip.chainWork()) <= 0) {
            // We know something better; if we asked, our mempool is of no use for it: get the block itself.
            if (requestedFromThisPeer) peer.send(new GetDataMessage(List.of(new InvItem(fetchType(peer), hash))));
            return;
        }
        // Far from the tip: leave it to the parallel download.
        if (alreadyInFlight == 0 && !canDirectFetch(now)) return;

        if (index.height() <= tip.height() + 2) {
            if ((alreadyInFlight < MAX_CMPCTBLOCKS_INFLIGHT_PER_BLOCK
                    && p.inFlight.size() < MAX_BLOCKS_IN_TRANSIT_PER_PEER) || requestedFromThisPeer) {
                Requested requested = blockRequested(p, index, now);
                QueuedBlock queued = requested.queued();
                if (!requested.added() && queued.partial != null) {
                    NET.debug("Peer sent us compact block we were already syncing!");
                    return;
                }
                queued.partial = new PartiallyDownloadedBlock();
                PartiallyDownloadedBlock.ReadStatus status = queued.partial.initData(compact, mempool.transactions(),
                        extraTransactions.transactions());
                if (status == PartiallyDownloadedBlock.ReadStatus.INVALID) {
                    // Reset the in-flight state in case the misbehaviour does not end in a disconnect (noban).
                    removeBlockRequest(hash, Optional.of(id), now);
                    peer.misbehaving("invalid compact block");
                    return;
                }
                if (status == PartiallyDownloadedBlock.ReadStatus.FAILED) {
                    if (firstInFlight) {
                        // Duplicate short ids: the block is in flight from this peer, so ask for it whole.
                        peer.send(new GetDataMessage(List.of(new InvItem(fetchType(peer), hash))));
                    } else {
                        removeBlockRequest(hash, Optional.of(id), now); // wait for the other peers
                    }
                    return;
                }
                List<Integer> missing = queued.partial.missingIndexes();
                if (missing.isEmpty()) {
                    processCompactBlockTxns(p, new BlockTxnMessage(hash, List.of()), now);
                } else if (firstInFlight || (p.highBandwidthTo && (!peer.isInbound()
                        || isBlockRequestedFromOutbound(hash) || alreadyInFlight < MAX_CMPCTBLOCKS_INFLIGHT_PER_BLOCK - 1))) {
                    // The first in line always gets a round trip; a high-bandwidth peer too, unless it is inbound and
                    // would take the last slot, which is kept for an outbound peer.
                    peer.send(new GetBlockTxnMessage(hash, missing));
                } else {
                    removeBlockRequest(hash, Optional.of(id), now);
                }
            } else {
                // In flight elsewhere or this peer is busy: try to rebuild it without a round trip anyway.
                PartiallyDownloadedBlock temp = new PartiallyDownloadedBlock();
                if (temp.initData(compact, mempool.transactions(), extraTransactions.transactions())
                        != PartiallyDownloadedBlock.ReadStatus.OK) {
                    return;
                }
                PartiallyDownloadedBlock.FillResult filled = temp.fillBlock(List.of(),
                        chain.segwitActiveAt(index.height()));
                if (filled.status() == PartiallyDownloadedBlock.ReadStatus.OK) {
                    // Safe to treat as requested: only near the tip, above our tip's work, past the header checks.
                    processBlock(p, filled.block().orElseThrow(), true, false, now);
                    if (chain.hasData(index)) removeBlockRequest(hash, Optional.empty(), now);
                }
            }
        } else if (requestedFromThisPeer) {
            // Requested, but too far ahead for our mempool to help: get the block itself.
            peer.send(new GetDataMessage(List.of(new InvItem(fetchType(peer), hash))));
        } else {
            // An announcement further ahead: handle it as a headers message.
            headers.processCompactBlockHeader(peer, compact.header(), now);
        }
    }

    /** Core's ProcessCompactBlockTxns: the missing transactions arrived (or none were missing). */
    private void processCompactBlockTxns(PeerDownload p, BlockTxnMessage txns, Instant now) {
        PeerId id = p.handle.id();
        Hash256 hash = txns.blockHash();
        List<PeerId> holders = blocksInFlight.getOrDefault(hash, List.of());
        boolean firstInFlight = holders.isEmpty() || holders.get(0).equals(id);
        QueuedBlock queued = p.queued(hash);
        if (queued == null || queued.partial == null) {
            NET.debug("Peer {} sent us block transactions for block we weren't expecting", id);
            return;
        }
        if (queued.partial.isSpent()) {
            removeBlockRequest(hash, Optional.of(id), now);
            p.handle.misbehaving("previous compact block reconstruction attempt failed");
            NET.debug("Peer {} sent compact block transactions multiple times", id);
            return;
        }
        PartiallyDownloadedBlock.FillResult filled = queued.partial.fillBlock(txns.transactions(),
                chain.segwitActiveAt(queued.block.height()));
        switch (filled.status()) {
            case INVALID -> {
                removeBlockRequest(hash, Optional.of(id), now);
                p.handle.misbehaving("invalid compact block/non-matching block transactions");
            }
            case FAILED -> {
                if (firstInFlight) {
                    // Probably a short-id collision: fall back to the full block, under the same download timer (the
                    // spent partial block stays, so another cmpctblock for it from this peer is refused).
                    p.handle.send(new GetDataMessage(List.of(new InvItem(fetchType(p.handle), hash))));
                } else {
                    removeBlockRequest(hash, Optional.of(id), now);
                    NET.debug("Peer {} sent us a compact block but it failed to reconstruct, waiting on first "
                            + "download to complete", id);
                }
            }
            case OK -> {
                removeBlockRequest(hash, Optional.of(id), now);
                // Requested (it was in flight): process even if it is not a candidate for our tip; BIP152 permits
                // relay before validation, so the sender is not punished if it turns out invalid.
                processBlock(p, filled.block().orElseThrow(), true, false, now);
            }
        }
    }

    /** Core's IsBlockRequestedFromOutbound. */
    private boolean isBlockRequestedFromOutbound(Hash256 hash) {
        for (PeerId holder : blocksInFlight.getOrDefault(hash, List.of())) {
            PeerDownload h = peers.get(holder);
            if (h != null && !h.handle.isInbound()) return true;
        }
        return false;
    }

    /**
     * Core's NewPoWValidBlock: a checked block on our tip is kept as the most recent block with its compact form
     * (one nonce for every peer) and announced at once to high-bandwidth peers, before it is connected.
     */
    public void newPoWValidBlock(HeaderChain.Known index, Block block) {
        if (index.height() <= highestFastAnnounce) return;
        highestFastAnnounce = index.height();
        if (!chain.segwitActiveAt(index.height())) return;
        CmpctBlockMessage compact = ShortTxIds.compactBlock(block, random.nextLong(), COMPACT_VERSION);
        mostRecentHash = index.hash();
        mostRecentBlock = block;
        mostRecentCompact = compact;
        headers.announceCompactBlock(index, compact);
    }

    /** The cmpctblock for a block of ours: the most recent one if it matches, else built with a fresh nonce. */
    private Optional<CmpctBlockMessage> compactBlockFor(HeaderChain.Known block) {
        if (block.hash().equals(mostRecentHash)) return Optional.of(mostRecentCompact);
        return chain.readBlock(block).map(b -> ShortTxIds.compactBlock(b, random.nextLong(), COMPACT_VERSION));
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

    /**
     * Core's ProcessGetData: transactions are not found (no mempool); each block type is answered as Core's
     * ProcessGetBlockData: MSG_BLOCK without witnesses, MSG_WITNESS_BLOCK with, MSG_CMPCT_BLOCK as cmpctblock near
     * the tip, MSG_FILTERED_BLOCK with nothing (Mooring offers no bloom filters, so no peer has loaded one, and Core
     * sends nothing to a peer without a filter); other types (MSG_FILTERED_WITNESS_BLOCK included) are skipped.
     */
    private void serveGetData(PeerDownload p, List<InvItem> items, Instant now) {
        NET.debug("received getdata ({} invsz) peer={}", items.size(), p.handle.id());
        List<InvItem> notFound = new ArrayList<>();
        for (InvItem item : items) {
            switch (item.type()) {
                case InvItem.MSG_BLOCK -> serveBlock(p, item.hash(), BlockForm.NO_WITNESS, now);
                case InvItem.MSG_WITNESS_BLOCK -> serveBlock(p, item.hash(), BlockForm.WITNESS, now);
                case InvItem.MSG_CMPCT_BLOCK -> serveBlock(p, item.hash(), BlockForm.COMPACT, now);
                case InvItem.MSG_FILTERED_BLOCK -> serveBlock(p, item.hash(), BlockForm.FILTERED, now);
                case InvItem.MSG_TX, InvItem.MSG_WTX, InvItem.MSG_WITNESS_TX -> notFound.add(item);
                default -> NET.debug("getdata of unsupported type {} from peer={}", item.type(), p.handle.id());
            }
        }
        if (!notFound.isEmpty()) p.handle.send(new NotFoundMessage(notFound));
    }

    /** Core's GETBLOCKTXN handling and SendBlockTransactions. */
    private void serveGetBlockTxn(PeerDownload p, GetBlockTxnMessage request, Instant now) {
        Hash256 hash = request.blockHash();
        if (hash.equals(mostRecentHash)) {
            sendBlockTransactions(p, mostRecentBlock, request);
            return;
        }
        Optional<HeaderChain.Known> known = chain.lookup(hash);
        if (known.isEmpty() || !chain.hasData(known.get())) {
            NET.debug("Peer {} sent us a getblocktxn for a block we don't have", p.handle.id());
            return;
        }
        if (known.get().height() >= chain.activeTip().height() - MAX_BLOCKTXN_DEPTH) {
            Optional<Block> block = chain.readBlock(known.get());
            if (block.isEmpty()) {
                INFO.error("Cannot load block from disk, disconnecting peer={}", p.handle.id());
                p.handle.disconnect("cannot load block from disk");
                return;
            }
            sendBlockTransactions(p, block.get(), request);
            return;
        }
        // Deeper blocks cost a disk read: the peer must take the whole block for it (Core's answer).
        NET.debug("Peer {} sent us a getblocktxn for a block > {} deep", p.handle.id(), MAX_BLOCKTXN_DEPTH);
        serveBlock(p, hash, BlockForm.WITNESS, now);
    }

    private static void sendBlockTransactions(PeerDownload p, Block block, GetBlockTxnMessage request) {
        List<Transaction> txs = new ArrayList<>(request.indexes().size());
        for (int index : request.indexes()) {
            if (index >= block.transactions().size()) {
                p.handle.misbehaving("getblocktxn with out-of-bounds tx indices");
                return;
            }
            txs.add(block.transactions().get(index));
        }
        p.handle.send(new BlockTxnMessage(request.blockHash(), txs));
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

    private void serveBlock(PeerDownload p, Hash256 hash, BlockForm form, Instant now) {
        Optional<HeaderChain.Known> known = chain.lookup(hash);
        if (known.isEmpty()) return;
        if (!HeadersSync.blockRequestAllowed(chain, known.get())) {
            // Old blocks off our chain could fingerprint us.
            NET.debug("ignoring request from peer={} for old block that isn't in the main chain", p.handle.id());
            return;
        }
        if (!chain.hasData(known.get())) return;
        Optional<Block> block = hash.equals(mostRecentHash) ? Optional.of(mostRecentBlock)
                : chain.readBlock(known.get());
        if (block.isEmpty()) {
            INFO.error("Cannot load block from disk, disconnecting peer={}", p.handle.id());
            p.handle.disconnect("cannot load block from disk");
            return;
        }
        switch (form) {
            case NO_WITNESS -> p.handle.send(new BlockMessage(withoutWitness(block.get())));
            case WITNESS -> p.handle.send(new BlockMessage(block.get()));
            case FILTERED -> NET.debug("no bloom filter loaded by peer={}: filtered block {} not sent", p.handle.id(),
                    hash);
            case COMPACT -> {
                // A peer asking for an old block will not have a mempool to match it against: send it whole.
                if (canDirectFetch(now) && known.get().height() >= chain.activeTip().height() - MAX_CMPCTBLOCK_DEPTH) {
                    p.handle.send(hash.equals(mostRecentHash) ? mostRecentCompact
                            : ShortTxIds.compactBlock(block.get(), random.nextLong(), COMPACT_VERSION));
                } else {
                    p.handle.send(new BlockMessage(block.get()));
                }
            }
        }
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
        return p.inFlight.stream().map(q -> q.block.height()).toList();
    }

    /** Core's m_bip152_highbandwidth_to: we asked the peer for high-bandwidth compact block announcements. */
    public boolean highBandwidthTo(PeerId id) {
        PeerDownload p = peers.get(id);
        return p != null && p.highBandwidthTo;
    }

    /** When the peer last gave us a new block (eviction protects recent block sources). */
    public Optional<Instant> lastBlockTime(PeerId id) {
        PeerDownload p = peers.get(id);
        return p == null ? Optional.empty() : Optional.ofNullable(p.lastBlockTime);
    }

    /**
     * Core's nCommonHeight (getpeerinfo's {@code synced_blocks}): the height of the last block we and the peer are
     * known to have in common (pindexLastCommonBlock), or -1 before block download has looked at the peer.
     */
    public int lastCommonHeight(PeerId id) {
        PeerDownload p = peers.get(id);
        return p == null || p.lastCommonBlock == null ? -1 : p.lastCommonBlock.height();
    }

    /** All blocks in flight (each block once, however many peers race to deliver it). */
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
