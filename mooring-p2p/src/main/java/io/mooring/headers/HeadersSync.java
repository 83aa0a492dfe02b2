package io.mooring.headers;

import io.mooring.validation.BlockValidationResult;
import io.mooring.chain.Pow;
import io.mooring.logging.LogCategory;
import io.mooring.net.ConnectionType;
import io.mooring.net.PeerHandle;
import io.mooring.net.PeerId;
import io.mooring.net.ProtocolVersion;
import io.mooring.wire.Hash256;
import io.mooring.wire.message.GetHeadersMessage;
import io.mooring.wire.message.HeadersMessage;
import io.mooring.wire.message.InvItem;
import io.mooring.wire.message.InvMessage;
import io.mooring.wire.message.Limits;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.CmpctBlockMessage;
import io.mooring.wire.message.SendCmpctMessage;
import io.mooring.wire.message.SendHeadersMessage;
import io.mooring.wire.netaddress.ServiceFlags;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headers-first synchronisation and header announcements, as Core's net_processing does them: one initial sync peer
 * (more only when the best header is recent), getheaders with locators, follow-up requests while peers send full
 * batches of 2,000, Core's anti-DoS presync for chains whose work we cannot yet tell ({@link HeadersSyncState}),
 * unconnecting headers answered with a getheaders (not misbehaviour), penalties by validation category, the stalling
 * initial-sync-peer timeout, serving getheaders from the active chain, and announcing new tips by headers (BIP130)
 * or inv.
 *
 * <p>Sans-I/O: driven by {@link #peerReady}, {@link #onMessage}, {@link #peerGone}, {@link #onTick} and
 * {@link #updatedBlockTip} with the time passed in; answers through {@link PeerHandle}s. One thread (the node loop).
 */
public final class HeadersSync {
    private static final Logger NET = LogCategory.NET.logger();
    private static final Logger VALIDATION = LogCategory.VALIDATION.logger();
    private static final Logger INFO = LoggerFactory.getLogger(HeadersSync.class);

    /** Core's HEADERS_RESPONSE_TIME: a getheaders is not repeated while one younger than this is unanswered. */
    /** Core's STALE_RELAY_AGE_LIMIT: blocks off our chain are served only this close to the best header. */
    public static final long STALE_RELAY_AGE_LIMIT = 30L * 24 * 60 * 60;
    public static final Duration HEADERS_RESPONSE_TIME = Duration.ofMinutes(2);
    /** Core's HEADERS_DOWNLOAD_TIMEOUT_BASE. */
    public static final Duration HEADERS_DOWNLOAD_TIMEOUT_BASE = Duration.ofMinutes(15);
    /** Core's HEADERS_DOWNLOAD_TIMEOUT_PER_HEADER. */
    public static final Duration HEADERS_DOWNLOAD_TIMEOUT_PER_HEADER = Duration.ofMillis(1);
    /** Core's CHAIN_SYNC_TIMEOUT: an outbound peer behind our tip has this long to show a chain as good. */
    public static final Duration CHAIN_SYNC_TIMEOUT = Duration.ofMinutes(20);
    /** Core's MAX_OUTBOUND_PEERS_TO_PROTECT_FROM_DISCONNECT: full-relay peers exempt from the lagging-chain rule. */
    public static final int MAX_OUTBOUND_PEERS_TO_PROTECT_FROM_DISCONNECT = 4;
    /** Core's MAX_BLOCKS_TO_ANNOUNCE: more new blocks than this are announced by an inv of the tip. */
    public static final int MAX_BLOCKS_TO_ANNOUNCE = 8;
    /** Headers within a day of now mean we are nearly caught up: sync from every peer, not just one. */
    static final Duration RECENT_BEST_HEADER = Duration.ofHours(24);
    /** Core's GetAntiDoSWorkThreshold buffer: headers forking within 144 blocks of our tip skip presync. */
    static final int ANTI_DOS_TIP_BUFFER = 144;

    /** What block download needs to know about header sync (Core shares these through CNodeState). */
    public interface Listener {
        /** A headers message from {@code peer} ended at {@code last} (Core then considers a direct block fetch). */
        void headersProcessed(PeerHandle peer, HeaderChain.Known last, Instant now);
    }

    /** Per-peer header sync state (Core's CNodeState and Peer fields for headers). */
    private static final class PeerSync {
        final PeerHandle handle;
        final boolean preferredDownload;
        boolean syncStarted;
        /** Core's m_headers_sync_timeout; {@link Instant#MAX} once caught up, {@link Instant#MIN} when reset. */
        Instant headersSyncTimeout = Instant.MIN;
        Instant lastGetHeaders;
        HeadersSyncState presync;
        boolean prefersHeaders;
        /** Core's m_sent_sendheaders: we asked the peer for header announcements (BIP130). */
        boolean sentSendHeaders;
        /** Core's m_provides_cmpctblocks: the peer sent sendcmpct for version 2. */
        boolean providesCompactBlocks;
        /** Core's m_requested_hb_cmpctblocks (= m_bip152_highbandwidth_from): it wants new blocks as cmpctblock. */
        boolean requestedHbCompactBlocks;
        HeaderChain.Known bestKnownBlock;
        Hash256 lastUnknownBlock;
        boolean invTriggeredGetHeadersBeforeSync;
        Instant lastBlockAnnouncement;
        HeaderChain.Known bestHeaderSent;
        final List<Hash256> blocksForHeadersRelay = new ArrayList<>();
        /** Core's ChainSyncTimeoutState: m_timeout (null for 0), m_work_header, m_sent_getheaders, m_protect. */
        Instant chainSyncTimeout;
        HeaderChain.Known chainSyncWorkHeader;
        boolean chainSyncSentGetHeaders;
        boolean protectedFromEviction;
        /** Core's fDisconnect as far as this rule goes: asked once, not again on every tick until the peer is gone. */
        boolean evicted;

        PeerSync(PeerHandle handle, boolean preferredDownload) {
            this.handle = handle;
            this.preferredDownload = preferredDownload;
        }
    }

    /** A peer's header-sync view for getpeerinfo (Core's synced_headers and presync_height). */
    public record PeerHeaderStats(int syncedHeaders, long presyncHeight, boolean syncStarted) {
    }

    private final HeaderChain chain;
    private final RandomGenerator random;
    private final Map<PeerId, PeerSync> peers = new LinkedHashMap<>();
    private int syncStartedCount;
    private int preferredDownloadCount;
    /** Core's m_outbound_peers_with_protect_from_disconnect. */
    private int protectedOutboundCount;
    private Hash256 lastBlockInvTriggeringHeadersSync;
    private Listener listener = (peer, last, now) -> { };
    private Predicate<Hash256> isBlockRequested = hash -> false;
    private java.util.function.BooleanSupplier noBlocksInFlight = () -> true;
    private Function<HeaderChain.Known, Optional<CmpctBlockMessage>> compactBlocks = block -> Optional.empty();

    public HeadersSync(HeaderChain chain, RandomGenerator random) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.random = Objects.requireNonNull(random, "random");
    }

    public void setListener(Listener listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    /** Block download tells header sync which blocks are in flight (Core's IsBlockRequested, mapBlocksInFlight). */
    public void setBlockRequests(Predicate<Hash256> isBlockRequested, java.util.function.BooleanSupplier noneInFlight) {
        this.isBlockRequested = Objects.requireNonNull(isBlockRequested);
        this.noBlocksInFlight = Objects.requireNonNull(noneInFlight);
    }

    /**
     * Block download builds the {@code cmpctblock} for a block on our chain (Core reuses its most recent one, else
     * reads the block): header sync sends it to high-bandwidth peers in place of a one-header announcement.
     */
    public void setCompactBlockSource(Function<HeaderChain.Known, Optional<CmpctBlockMessage>> source) {
        this.compactBlocks = Objects.requireNonNull(source);
    }

    // ---- events -----------------------------------------------------------------------------------------------------

    /** Core's InitializeNode + the first SendMessages pass for an established peer. */
    public void peerReady(PeerHandle peer, Instant now) {
        // Core's fPreferredDownload: outbound (or noban inbound) peers that serve blocks, never addr-fetch.
        boolean preferred = (!peer.isInbound() || peer.hasNoBanPermission())
                && peer.connectionType() != ConnectionType.ADDR_FETCH && canServeBlocks(peer);
        PeerSync p = new PeerSync(peer, preferred);
        peers.put(peer.id(), p);
        if (preferred) preferredDownloadCount++;
        maybeStartSync(p, now);
    }

    public void peerGone(PeerId id) {
        PeerSync p = peers.remove(id);
        if (p == null) return;
        if (p.syncStarted) syncStartedCount--;
        if (p.preferredDownload) preferredDownloadCount--;
        if (p.protectedFromEviction) protectedOutboundCount--;
    }

    /** Handles the header-related messages; others are ignored. */
    public void onMessage(PeerHandle peer, Message message, Instant now) {
        PeerSync p = peers.get(peer.id());
        if (p == null) return;
        switch (message) {
            case HeadersMessage h -> processHeaders(p, h.headers(), now, false);
            case GetHeadersMessage g -> serveGetHeaders(p, g);
            case SendHeadersMessage s -> p.prefersHeaders = true;
            case SendCmpctMessage s -> onSendCmpct(p, s);
            case InvMessage inv -> onInv(p, inv.items(), now);
            default -> {
            }
        }
        maybeSendSendHeaders(p);
    }

    /** Core's SendMessages parts for headers: start a sync where due, and the stalling initial-sync timeout. */
    public void onTick(Instant now) {
        for (PeerSync p : List.copyOf(peers.values())) {
            maybeSendSendHeaders(p);
            maybeStartSync(p, now);
            checkHeadersSyncTimeout(p, now);
            considerEviction(p, now);
        }
    }

    /**
     * Core's ConsiderEviction: an outbound (full or block-relay) peer whose best known block has less work than our
     * tip gets {@link #CHAIN_SYNC_TIMEOUT} to announce one with at least the work our tip had when we noticed; then
     * one getheaders from just below that tip and {@link #HEADERS_RESPONSE_TIME} to answer; then it is disconnected.
     * Up to {@link #MAX_OUTBOUND_PEERS_TO_PROTECT_FROM_DISCONNECT} full-relay peers that once had our tip's work are
     * exempt, so an eclipse cannot rotate every good peer out while our own chain stalls.
     */
    private void considerEviction(PeerSync p, Instant now) {
        if (p.evicted || p.protectedFromEviction || !isOutboundOrBlockRelay(p.handle) || !p.syncStarted) return;
        processBlockAvailability(p);
        HeaderChain.Known tip = chain.activeTip();
        if (p.bestKnownBlock != null && p.bestKnownBlock.chainWork().compareTo(tip.chainWork()) >= 0) {
            if (p.chainSyncTimeout != null) {
                p.chainSyncTimeout = null;
                p.chainSyncWorkHeader = null;
                p.chainSyncSentGetHeaders = false;
            }
        } else if (p.chainSyncTimeout == null || (p.chainSyncWorkHeader != null && p.bestKnownBlock != null
                && p.bestKnownBlock.chainWork().compareTo(p.chainSyncWorkHeader.chainWork()) >= 0)) {
            // Behind our tip, noticed for the first time, or caught up with the tip we measured against but not
            // with the current one: measure against the current tip from now.
            p.chainSyncTimeout = now.plus(CHAIN_SYNC_TIMEOUT);
            p.chainSyncWorkHeader = tip;
            p.chainSyncSentGetHeaders = false;
        } else if (now.isAfter(p.chainSyncTimeout)) {
            if (p.chainSyncSentGetHeaders) {
                INFO.info("Outbound peer has old chain, best known block = {}, disconnecting peer={}",
                        p.bestKnownBlock == null ? "<none>" : p.bestKnownBlock.hash(), p.handle.id());
                p.handle.disconnect("outbound peer has old chain");
                p.evicted = true;
            } else {
                HeaderChain.Known below = p.chainSyncWorkHeader.height() == 0 ? p.chainSyncWorkHeader
                        : chain.ancestor(p.chainSyncWorkHeader, p.chainSyncWorkHeader.height() - 1);
                // As Core: assume it goes out (or one is already in flight, which the peer answers just the same).
                maybeSendGetHeaders(p, chain.locator(below), now);
                NET.debug("sending getheaders to outbound peer={} to verify chain work (current best known block:{}, "
                                + "benchmark blockhash: {})", p.handle.id(),
                        p.bestKnownBlock == null ? "<none>" : p.bestKnownBlock.hash(), p.chainSyncWorkHeader.hash());
                p.chainSyncSentGetHeaders = true;
                p.chainSyncTimeout = now.plus(HEADERS_RESPONSE_TIME);
            }
        }
    }

    /** Whether the peer is one of the full-relay outbound peers exempt from the lagging-chain eviction. */
    public boolean isProtectedFromEviction(PeerId id) {
        PeerSync p = peers.get(id);
        return p != null && p.protectedFromEviction;
    }

    /**
     * Core's PeerManagerImpl::UpdatedBlockTip: outside initial block download, the blocks new on the active chain
     * (up to {@link #MAX_BLOCKS_TO_ANNOUNCE}, back to the fork point) are queued for every peer and announced now.
     */
    public void updatedBlockTip(HeaderChain.Known newTip, HeaderChain.Known forkPoint, boolean initialDownload) {
        if (initialDownload) return;
        List<Hash256> hashes = new ArrayList<>();
        HeaderChain.Known walk = newTip;
        while (walk.height() > (forkPoint == null ? -1 : forkPoint.height())) {
            hashes.add(walk.hash());
            if (hashes.size() == MAX_BLOCKS_TO_ANNOUNCE || walk.height() == 0) break;
            walk = chain.ancestor(walk, walk.height() - 1);
        }
        for (PeerSync p : peers.values()) {
            for (int i = hashes.size() - 1; i >= 0; i--) p.blocksForHeadersRelay.add(hashes.get(i));
            sendBlockAnnouncements(p);
        }
    }

    // ---- headers ----------------------------------------------------------------------------------------------------

    /**
     * Core's ProcessHeadersMessage. {@code viaCompactBlock}: the header came in a {@code cmpctblock} that is treated
     * as an announcement; BIP152 lets peers relay those before full validation, so a consensus-invalid block is not
     * held against them.
     */
    private void processHeaders(PeerSync p, List<BlockHeader> received, Instant now, boolean viaCompactBlock) {
        PeerHandle peer = p.handle;
        int count = received.size();
        if (count == 0) {
            // Nothing to give us any more (perhaps it reorganised to our chain): drop a presync in progress, and
            // count this as the answer to our getheaders.
            p.presync = null;
            p.lastGetHeaders = null;
            return;
        }
        // Proof of work (as claimed by the bits) and continuity come before anything else, presync included. Each
        // header is hashed once here for both checks (SHA256d is the main per-header cost of a sync).
        Hash256 previous = null;
        for (BlockHeader h : received) {
            Hash256 hash = h.hash();
            if (!chain.hasValidProofOfWork(hash, h.bits())) {
                peer.misbehaving("header with invalid proof of work");
                return;
            }
            if (previous != null && !h.prevBlock().equals(previous)) {
                peer.misbehaving("non-continuous headers sequence");
                return;
            }
            previous = hash;
        }
        boolean full = count == Limits.MAX_HEADERS_RESULTS;
        List<BlockHeader> headers = received;
        boolean alreadyValidatedWork = false;
        if (p.presync != null) {
            Optional<List<BlockHeader>> released = continueLowWorkSync(p, headers, full, now);
            if (released.isPresent()) {
                headers = released.get();
                alreadyValidatedWork = true;
            }
            if (headers.isEmpty()) return;
        }
        boolean haveHeadersSync = p.presync != null;

        Optional<HeaderChain.Known> chainStartHeader = chain.lookup(headers.get(0).prevBlock());
        if (chainStartHeader.isEmpty()) {
            handleUnconnectingHeaders(p, headers, now);
            return;
        }
        // Headers that connect answer any getheaders we have outstanding.
        p.lastGetHeaders = null;

        Hash256 lastHash = headers == received ? previous : headers.get(headers.size() - 1).hash();
        Optional<HeaderChain.Known> lastReceivedHeader = chain.lookup(lastHash);
        // Headers we already hold on our best chains use no memory: no anti-DoS check needed.
        alreadyValidatedWork = alreadyValidatedWork
                || (lastReceivedHeader.isPresent() && chain.isAncestorOfBestHeaderOrTip(lastHash));
        if (peer.hasNoBanPermission()) alreadyValidatedWork = true;

        if (!alreadyValidatedWork && tryLowWorkHeadersSync(p, chainStartHeader.get(), headers, full, now)) {
            return;
        }
        boolean receivedNewHeader = lastReceivedHeader.isEmpty();
        HeaderChain.Processed processed = chain.processNewBlockHeaders(headers, now.getEpochSecond());
        if (processed.rejection().isPresent()) {
            HeaderChain.Rejection rejection = processed.rejection().get();
            if (!peer.isInbound() && rejection.category() == BlockValidationResult.CACHED_INVALID) {
                INFO.warn("{} (received from peer={}). If this happens with all peers, consider database corruption "
                        + "(that -reindex may fix) or a potential consensus incompatibility.", rejection.reason(),
                        peer.id());
            }
            maybePunishNodeForBlock(p.handle, rejection, viaCompactBlock, "invalid header received");
            return;
        }
        HeaderChain.Known last = processed.last().orElseThrow(
                () -> new IllegalStateException("processNewBlockHeaders accepted headers but returned no last"));
        if (receivedNewHeader) logBlockHeader(last, peer, false, now);
        if (full && !haveHeadersSync) {
            // A full batch: the peer may have more.
            if (maybeSendGetHeaders(p, chain.locator(last), now)) {
                NET.debug("more getheaders ({}) to end to peer={}", last.height(), peer.id());
            }
        }
        updatePeerStateForReceivedHeaders(p, last, receivedNewHeader, full, now);
        listener.headersProcessed(peer, last, now);
    }

    /**
     * Core's IsContinuationOfLowWorkHeadersSync: feed a presync in progress. Returns the headers now ready for full
     * processing (possibly none) when the presync accepted the batch, or empty when it failed (then the batch is
     * processed normally, as Core does).
     */
    private Optional<List<BlockHeader>> continueLowWorkSync(PeerSync p, List<BlockHeader> headers, boolean full,
                                                           Instant now) {
        HeadersSyncState.ProcessingResult result = p.presync.processNextHeaders(headers, full);
        if (result.success()) p.lastGetHeaders = null;
        if (result.requestMore()) {
            List<Hash256> locator = p.presync.nextHeadersRequestLocator();
            if (!locator.isEmpty()) {
                maybeSendGetHeaders(p, locator, now);
                NET.debug("more getheaders (from {}) to peer={}", locator.get(0), p.handle.id());
            }
        }
        if (p.presync.state() == HeadersSyncState.State.FINAL) p.presync = null;
        return result.success() ? Optional.of(result.powValidatedHeaders()) : Optional.empty();
    }

    /** Core's TryLowWorkHeadersSync: true when the headers were taken by (or ignored for) the anti-DoS path. */
    private boolean tryLowWorkHeadersSync(PeerSync p, HeaderChain.Known chainStart, List<BlockHeader> headers,
                                          boolean full, Instant now) {
        BigInteger totalWork = chainStart.chainWork();
        for (BlockHeader h : headers) totalWork = totalWork.add(Pow.blockProof(h.bits()));
        BigInteger threshold = antiDosWorkThreshold();
        if (totalWork.compareTo(threshold) >= 0) return false;
        if (full) {
            // Only a full message can lead anywhere: start the download-twice sync from this fork point.
            p.presync = new HeadersSyncState(p.handle.id().value(), chain.params().headersPresync(),
                    chain.difficultyTransitions(), chain.chainStart(chainStart), threshold, now.getEpochSecond(),
                    random);
            continueLowWorkSync(p, headers, true, now);
        } else {
            NET.debug("Ignoring low-work chain (height={}) from peer={}", chainStart.height() + headers.size(),
                    p.handle.id());
        }
        return true;
    }

    /** Core's GetAntiDoSWorkThreshold: the minimum chain work, or our tip's work less 144 blocks if that is more. */
    BigInteger antiDosWorkThreshold() {
        HeaderChain.Known tip = chain.activeTip();
        BigInteger buffer = Pow.blockProof(tip.header().bits()).multiply(BigInteger.valueOf(ANTI_DOS_TIP_BUFFER));
        BigInteger nearTip = tip.chainWork().subtract(buffer.min(tip.chainWork()));
        return nearTip.max(chain.minimumChainWork());
    }

    /** Core's HandleUnconnectingHeaders: maybe a BIP130 announcement we cannot place yet; ask for what is missing. */
    private void handleUnconnectingHeaders(PeerSync p, List<BlockHeader> headers, Instant now) {
        HeaderChain.Known best = chain.bestHeader();
        if (maybeSendGetHeaders(p, chain.locator(best), now)) {
            NET.debug("received header {}: missing prev block {}, sending getheaders ({}) to end (peer={})",
                    headers.get(0).hash(), headers.get(0).prevBlock(), best.height(), p.handle.id());
        }
        // Remember the announced block, so that once its headers arrive (from anyone) this peer can serve it.
        updateBlockAvailability(p, headers.get(headers.size() - 1).hash());
    }

    /** Core's UpdatePeerStateForReceivedHeaders. */
    private void updatePeerStateForReceivedHeaders(PeerSync p, HeaderChain.Known last, boolean receivedNewHeader,
                                                   boolean mayHaveMoreHeaders, Instant now) {
        updateBlockAvailability(p, last.hash());
        if (receivedNewHeader && last.chainWork().compareTo(chain.activeTip().chainWork()) > 0) {
            p.lastBlockAnnouncement = now;
        }
        // In IBD we want outbound peers that can serve a useful chain: a peer whose whole chain (it has no more
        // headers) is below the minimum work is of no use.
        if (chain.isInitialBlockDownload(now.getEpochSecond()) && !mayHaveMoreHeaders && p.bestKnownBlock != null
                && p.bestKnownBlock.chainWork().compareTo(chain.minimumChainWork()) < 0
                && isOutboundOrBlockRelay(p.handle)) {
            INFO.info("outbound peer headers chain has insufficient work, disconnecting peer={}", p.handle.id());
            p.handle.disconnect("outbound peer headers chain has insufficient work");
            return;
        }
        // Core: protect a full-relay outbound peer (never a block-relay-only one) that has shown our tip's work.
        if (p.handle.connectionType() == ConnectionType.OUTBOUND_FULL_RELAY && p.bestKnownBlock != null
                && protectedOutboundCount < MAX_OUTBOUND_PEERS_TO_PROTECT_FROM_DISCONNECT
                && p.bestKnownBlock.chainWork().compareTo(chain.activeTip().chainWork()) >= 0
                && !p.protectedFromEviction) {
            NET.debug("Protecting outbound peer={} from eviction", p.handle.id());
            p.protectedFromEviction = true;
            protectedOutboundCount++;
        }
    }

    /** Core's LogBlockHeader: new valid headers are logged by default once out of initial block download. */
    private void logBlockHeader(HeaderChain.Known block, PeerHandle peer, boolean viaCompactBlock, Instant now) {
        String line = "Saw new " + (viaCompactBlock ? "cmpctblock " : "") + "header hash=" + block.hash() + " height="
                + block.height() + " peer=" + peer.id();
        if (chain.isInitialBlockDownload(now.getEpochSecond())) {
            VALIDATION.debug(line);
        } else {
            INFO.info(line);
        }
    }

    /**
     * Core's BlockRequestAllowed: a block (or header) on the active chain may always be asked for; one off it only if
     * it was fully validated and is within a month of the best header both by time and by work, so recent forks are
     * served and old stale blocks, which could tell peers apart, are not.
     */
    public static boolean blockRequestAllowed(HeaderChain chain, HeaderChain.Known block) {
        if (chain.isInActiveChain(block.hash())) return true;
        HeaderChain.Known best = chain.bestHeader();
        return chain.isFullyValidated(block)
                && best.header().time() - block.header().time() < STALE_RELAY_AGE_LIMIT
                && Pow.blockProofEquivalentTime(best.chainWork(), block.chainWork(), best.header().bits(),
                        chain.params().consensus().pow().targetSpacing()) < STALE_RELAY_AGE_LIMIT;
    }

    /**
     * Core's MaybePunishNodeForBlock, for headers and blocks alike. Headers and blocks relayed as compact blocks may
     * be sent before full validation (BIP152), so consensus failures and cached-invalid chains are not held against
     * such a sender.
     */
    public static void maybePunishNodeForBlock(PeerHandle peer, HeaderChain.Rejection rejection,
                                               boolean viaCompactBlock, String message) {
        switch (rejection.category()) {
            case CONSENSUS, MUTATED -> {
                if (!viaCompactBlock) {
                    peer.misbehaving(message + ": " + rejection.reason());
                    return;
                }
            }
            case INVALID_HEADER, INVALID_PREV, MISSING_PREV -> {
                peer.misbehaving(message + ": " + rejection.reason());
                return;
            }
            case CACHED_INVALID -> {
                // Outbound peers on an invalid chain are discouraged; inbound ones may just be behind.
                if (!viaCompactBlock && !peer.isInbound()) {
                    peer.misbehaving(message + ": " + rejection.reason());
                    return;
                }
            }
            case TIME_FUTURE, HEADER_LOW_WORK -> {
            }
        }
        NET.debug("peer={}: {}: {}", peer.id(), message, rejection.reason());
    }

    // ---- getheaders -------------------------------------------------------------------------------------------------

    /** Core's MaybeSendGetHeaders: at most one unanswered getheaders per {@link #HEADERS_RESPONSE_TIME}. */
    private boolean maybeSendGetHeaders(PeerSync p, List<Hash256> locator, Instant now) {
        if (p.lastGetHeaders == null || Duration.between(p.lastGetHeaders, now).compareTo(HEADERS_RESPONSE_TIME) > 0) {
            p.handle.send(new GetHeadersMessage(ProtocolVersion.PROTOCOL_VERSION, locator, Hash256.ZERO));
            p.lastGetHeaders = now;
            return true;
        }
        return false;
    }

    /**
     * Core's MaybeSendSendHeaders: ask for header announcements (BIP130) only once the peer's best known block has
     * more than the minimum chain work, so that announcements never arrive while an initial header sync with the peer
     * is still under way. Sent once per connection, to every kind of peer (pruned ones announce blocks too).
     */
    private void maybeSendSendHeaders(PeerSync p) {
        if (p.sentSendHeaders || p.handle.commonVersion() < ProtocolVersion.SENDHEADERS_VERSION) return;
        processBlockAvailability(p);
        if (p.bestKnownBlock != null && p.bestKnownBlock.chainWork().compareTo(chain.minimumChainWork()) > 0) {
            p.handle.send(SendHeadersMessage.INSTANCE);
            p.sentSendHeaders = true;
        }
    }

    /** Whether we asked the peer for header announcements yet (Core's m_sent_sendheaders). */
    public boolean sentSendHeaders(PeerId id) {
        PeerSync p = peers.get(id);
        return p != null && p.sentSendHeaders;
    }

    /** Core's "Start block sync" in SendMessages. */
    private void maybeStartSync(PeerSync p, Instant now) {
        if (p.syncStarted || !canServeBlocks(p.handle)) return;
        boolean syncFromPeer = p.preferredDownload;
        if (!syncFromPeer && p.handle.connectionType() != ConnectionType.ADDR_FETCH) {
            // Typically inbound: used when nothing better exists, so we never wait forever for an outbound peer.
            syncFromPeer = preferredDownloadCount == 0 || noBlocksInFlight.getAsBoolean();
        }
        HeaderChain.Known best = chain.bestHeader();
        boolean bestIsRecent = best.header().time() > now.minus(RECENT_BEST_HEADER).getEpochSecond();
        if ((syncStartedCount == 0 && syncFromPeer) || bestIsRecent) {
            // Start one block below our best header so that an up-to-date peer still answers with something,
            // which tells us its best block.
            HeaderChain.Known start = best.height() > 0 ? chain.ancestor(best, best.height() - 1) : best;
            if (maybeSendGetHeaders(p, chain.locator(start), now)) {
                NET.debug("initial getheaders ({}) to peer={} (startheight:{})", start.height(), p.handle.id(),
                        p.handle.startingHeight());
                p.syncStarted = true;
                long behindSeconds = Math.max(0, now.getEpochSecond() - best.header().time());
                long spacing = chain.params().consensus().pow().targetSpacing();
                p.headersSyncTimeout = now.plus(HEADERS_DOWNLOAD_TIMEOUT_BASE)
                        .plus(HEADERS_DOWNLOAD_TIMEOUT_PER_HEADER.multipliedBy(behindSeconds / spacing));
                syncStartedCount++;
            }
        }
    }

    /** Core's headers sync timeout check in SendMessages. */
    private void checkHeadersSyncTimeout(PeerSync p, Instant now) {
        if (!p.syncStarted || p.headersSyncTimeout.equals(Instant.MAX)) return;
        HeaderChain.Known best = chain.bestHeader();
        if (best.header().time() <= now.minus(RECENT_BEST_HEADER).getEpochSecond()) {
            if (now.isAfter(p.headersSyncTimeout) && syncStartedCount == 1
                    && preferredDownloadCount - (p.preferredDownload ? 1 : 0) >= 1) {
                // Our only sync peer is stalling and others could serve us instead.
                if (!p.handle.hasNoBanPermission()) {
                    INFO.info("Timeout downloading headers, disconnecting peer={}", p.handle.id());
                    p.handle.disconnect("timeout downloading headers");
                } else {
                    INFO.info("Timeout downloading headers from noban peer, not disconnecting peer={}", p.handle.id());
                    p.syncStarted = false;
                    syncStartedCount--;
                    p.headersSyncTimeout = Instant.MIN;
                }
            }
        } else {
            // Caught up once: this timeout can no longer fire.
            p.headersSyncTimeout = Instant.MAX;
        }
    }

    /** Core's ProcessMessage for GETHEADERS: headers after the fork point of their locator on our active chain. */
    private void serveGetHeaders(PeerSync p, GetHeadersMessage request) {
        PeerHandle peer = p.handle;
        HeaderChain.Known tip = chain.activeTip();
        if (tip.chainWork().compareTo(chain.minimumChainWork()) < 0 && !peer.hasNoBanPermission()) {
            // Serving a chain with too little work would only start a presync the peer must abort.
            NET.debug("Ignoring getheaders from peer={} because active chain has too little work; sending empty "
                    + "response", peer.id());
            peer.send(new HeadersMessage(List.of()));
            return;
        }
        Optional<HeaderChain.Known> start;
        if (request.locator().isEmpty()) {
            // A null locator asks for the hashStop block's header alone.
            Optional<HeaderChain.Known> stop = chain.lookup(request.hashStop());
            if (stop.isEmpty()) return;
            if (!blockRequestAllowed(chain, stop.get())) {
                NET.debug("ignoring request from peer={} for old block header that isn't in the main chain",
                        peer.id());
                return;
            }
            start = stop;
        } else {
            start = chain.nextInActiveChain(chain.findForkInActiveChain(request.locator()));
        }
        NET.debug("getheaders {} to {} from peer={}", start.map(HeaderChain.Known::height).orElse(-1),
                request.hashStop().isZero() ? "end" : request.hashStop(), peer.id());
        List<BlockHeader> headers = new ArrayList<>();
        HeaderChain.Known lastSent = null;
        Optional<HeaderChain.Known> walk = start;
        boolean stoppedEarly = false;
        while (walk.isPresent()) {
            HeaderChain.Known k = walk.get();
            headers.add(k.header());
            lastSent = k;
            if (headers.size() >= Limits.MAX_HEADERS_RESULTS || k.hash().equals(request.hashStop())) {
                stoppedEarly = true;
                break;
            }
            walk = chain.nextInActiveChain(k);
        }
        // Core resets (not maxes) the best header sent: the peer now has our chain up to here.
        p.bestHeaderSent = stoppedEarly ? lastSent : tip;
        peer.send(new HeadersMessage(headers));
    }

    // ---- inv and announcements --------------------------------------------------------------------------------------

    /** Core's INV handling for blocks: note availability, and ask for headers of an unknown announced block. */
    private void onInv(PeerSync p, List<InvItem> items, Instant now) {
        Hash256 bestBlock = null;
        for (InvItem item : items) {
            if (item.type() != InvItem.MSG_BLOCK) continue;
            boolean alreadyHave = chain.lookup(item.hash()).isPresent();
            NET.debug("got inv: block {} {} peer={}", item.hash(), alreadyHave ? "have" : "new", p.handle.id());
            updateBlockAvailability(p, item.hash());
            if (!alreadyHave && !isBlockRequested.test(item.hash())) {
                bestBlock = item.hash();
            }
        }
        if (bestBlock == null) return;
        // Outside the one initial sync, each new block lets one more peer start a header sync.
        if (p.syncStarted || (!p.invTriggeredGetHeadersBeforeSync
                && !bestBlock.equals(lastBlockInvTriggeringHeadersSync))) {
            HeaderChain.Known best = chain.bestHeader();
            if (maybeSendGetHeaders(p, chain.locator(best), now)) {
                NET.debug("getheaders ({}) {} to peer={}", best.height(), bestBlock, p.handle.id());
            }
            if (!p.syncStarted) {
                p.invTriggeredGetHeadersBeforeSync = true;
                lastBlockInvTriggeringHeadersSync = bestBlock;
            }
        }
    }

    /** Core's block-announcement part of SendMessages: headers when the peer prefers them and they connect. */
    private void sendBlockAnnouncements(PeerSync p) {
        if (p.blocksForHeadersRelay.isEmpty()) return;
        processBlockAvailability(p);
        // A high-bandwidth compact block peer gets a single new block as cmpctblock even without sendheaders.
        boolean revertToInv = (!p.prefersHeaders
                && (!p.requestedHbCompactBlocks || p.blocksForHeadersRelay.size() > 1))
                || p.blocksForHeadersRelay.size() > MAX_BLOCKS_TO_ANNOUNCE;
        List<BlockHeader> headers = new ArrayList<>();
        HeaderChain.Known bestIndex = null;
        if (!revertToInv) {
            boolean foundStartingHeader = false;
            for (Hash256 hash : p.blocksForHeadersRelay) {
                Optional<HeaderChain.Known> found = chain.lookup(hash);
                if (found.isEmpty() || !chain.isInActiveChain(hash)) {
                    revertToInv = true; // reorganised away from it
                    break;
                }
                HeaderChain.Known k = found.get();
                if (bestIndex != null && !k.header().prevBlock().equals(bestIndex.hash())) {
                    revertToInv = true; // the queued blocks do not connect to each other
                    break;
                }
                bestIndex = k;
                if (foundStartingHeader) {
                    headers.add(k.header());
                } else if (peerHasHeader(p, k)) {
                    continue;
                } else if (k.height() == 0 || peerHasHeader(p, chain.ancestor(k, k.height() - 1))) {
                    foundStartingHeader = true;
                    headers.add(k.header());
                } else {
                    revertToInv = true; // nothing would connect for the peer
                    break;
                }
            }
        }
        if (!revertToInv && !headers.isEmpty()) {
            Optional<CmpctBlockMessage> compact = headers.size() == 1 && p.requestedHbCompactBlocks
                    ? compactBlocks.apply(bestIndex) : Optional.empty();
            if (compact.isPresent()) {
                // BIP152 high-bandwidth mode: one block goes out as header-and-ids; more means the peer is behind.
                NET.debug("SendMessages: sending header-and-ids {} to peer={}", bestIndex.hash(), p.handle.id());
                p.handle.send(compact.get());
                p.bestHeaderSent = bestIndex;
            } else if (p.prefersHeaders) {
                NET.debug("SendMessages: {} headers, range ({}, {}), to peer={}", headers.size(),
                        headers.get(0).hash(), headers.get(headers.size() - 1).hash(), p.handle.id());
                p.handle.send(new HeadersMessage(headers));
                p.bestHeaderSent = bestIndex;
            } else {
                revertToInv = true;
            }
        }
        if (revertToInv) {
            // Announce only the tip by inv: the last queued block was our tip at some point.
            Hash256 hash = p.blocksForHeadersRelay.get(p.blocksForHeadersRelay.size() - 1);
            Optional<HeaderChain.Known> found = chain.lookup(hash);
            if (found.isPresent() && !peerHasHeader(p, found.get())) {
                NET.debug("SendMessages: sending inv peer={} hash={}", p.handle.id(), hash);
                p.handle.send(new InvMessage(List.of(new InvItem(InvItem.MSG_BLOCK, hash))));
            }
        }
        p.blocksForHeadersRelay.clear();
    }

    /** Core's SENDCMPCT handling: only version 2 (witness) compact blocks are supported, as in Core. */
    private void onSendCmpct(PeerSync p, SendCmpctMessage message) {
        if (message.version() != ProtocolVersion.CMPCTBLOCKS_VERSION) return;
        p.providesCompactBlocks = true;
        p.requestedHbCompactBlocks = message.announce();
    }

    /**
     * Core's NewPoWValidBlock announcement: a block that passed its checks on top of our tip goes out at once, as
     * {@code compact}, to every high-bandwidth peer that has (or was sent) its parent but not the block itself, before
     * the block is connected (BIP152). Peers below INVALID_CB_NO_BAN_VERSION would punish us for an invalid one.
     */
    public void announceCompactBlock(HeaderChain.Known block, CmpctBlockMessage compact) {
        HeaderChain.Known parent = block.height() == 0 ? null : chain.ancestor(block, block.height() - 1);
        for (PeerSync p : peers.values()) {
            if (p.handle.commonVersion() < ProtocolVersion.INVALID_CB_NO_BAN_VERSION) continue;
            processBlockAvailability(p);
            if (p.requestedHbCompactBlocks && !peerHasHeader(p, block) && parent != null && peerHasHeader(p, parent)) {
                NET.debug("PeerManager::NewPoWValidBlock sending header-and-ids {} to peer={}", block.hash(),
                        p.handle.id());
                p.handle.send(compact);
                p.bestHeaderSent = block;
            }
        }
    }

    /**
     * The header part of Core's CMPCTBLOCK handling: a header that does not connect asks for headers (outside initial
     * download); one on a chain below the anti-DoS work threshold is ignored; otherwise it is validated and stored
     * (an invalid one is punished as a compact block's header), the peer's best block and last announcement time are
     * updated, and the stored entry is returned for block download to continue with.
     */
    public Optional<HeaderChain.Known> acceptCompactBlockHeader(PeerHandle peer, BlockHeader header, Instant now) {
        PeerSync p = peers.get(peer.id());
        if (p == null) return Optional.empty();
        Optional<HeaderChain.Known> prev = chain.lookup(header.prevBlock());
        if (prev.isEmpty()) {
            if (!chain.isInitialBlockDownload(now.getEpochSecond())) {
                maybeSendGetHeaders(p, chain.locator(chain.bestHeader()), now);
            }
            return Optional.empty();
        }
        if (prev.get().chainWork().add(Pow.blockProof(header.bits())).compareTo(antiDosWorkThreshold()) < 0) {
            NET.debug("Ignoring low-work compact block from peer {}", peer.id());
            return Optional.empty();
        }
        boolean receivedNewHeader = chain.lookup(header.hash()).isEmpty();
        HeaderChain.Processed processed = chain.processNewBlockHeaders(List.of(header), now.getEpochSecond());
        if (processed.rejection().isPresent()) {
            maybePunishNodeForBlock(peer, processed.rejection().get(), true, "invalid header via cmpctblock");
            return Optional.empty();
        }
        Optional<HeaderChain.Known> last = processed.last();
        if (last.isEmpty()) return Optional.empty();
        if (receivedNewHeader) logBlockHeader(last.get(), peer, true, now);
        updateBlockAvailability(p, last.get().hash());
        if (receivedNewHeader && last.get().chainWork().compareTo(chain.activeTip().chainWork()) > 0) {
            p.lastBlockAnnouncement = now;
        }
        return last;
    }

    /** A compact block taken as a plain announcement (Core's fRevertToHeaderProcessing): headers processing. */
    public void processCompactBlockHeader(PeerHandle peer, BlockHeader header, Instant now) {
        PeerSync p = peers.get(peer.id());
        if (p != null) processHeaders(p, List.of(header), now, true);
    }

    /** Core's PeerHasHeader: the block is an ancestor of what the peer told us or what we sent it. */
    private boolean peerHasHeader(PeerSync p, HeaderChain.Known block) {
        if (p.bestKnownBlock != null && p.bestKnownBlock.height() >= block.height()
                && chain.ancestor(p.bestKnownBlock, block.height()).hash().equals(block.hash())) {
            return true;
        }
        return p.bestHeaderSent != null && p.bestHeaderSent.height() >= block.height()
                && chain.ancestor(p.bestHeaderSent, block.height()).hash().equals(block.hash());
    }

    /** Core's ProcessBlockAvailability: resolve a block the peer announced before we knew its header. */
    private void processBlockAvailability(PeerSync p) {
        if (p.lastUnknownBlock == null) return;
        Optional<HeaderChain.Known> found = chain.lookup(p.lastUnknownBlock);
        if (found.isPresent() && found.get().chainWork().signum() > 0) {
            if (p.bestKnownBlock == null || found.get().chainWork().compareTo(p.bestKnownBlock.chainWork()) >= 0) {
                p.bestKnownBlock = found.get();
            }
            p.lastUnknownBlock = null;
        }
    }

    /** Core's UpdateBlockAvailability: the peer has {@code hash}; track its best known block. */
    private void updateBlockAvailability(PeerSync p, Hash256 hash) {
        processBlockAvailability(p);
        Optional<HeaderChain.Known> found = chain.lookup(hash);
        if (found.isPresent() && found.get().chainWork().signum() > 0) {
            if (p.bestKnownBlock == null || found.get().chainWork().compareTo(p.bestKnownBlock.chainWork()) >= 0) {
                p.bestKnownBlock = found.get();
            }
        } else {
            p.lastUnknownBlock = hash;
        }
    }

    // ---- queries ----------------------------------------------------------------------------------------------------

    /** The best block the peer is known to have (Core's pindexBestKnownBlock), refreshed first. */
    public Optional<HeaderChain.Known> bestKnownBlock(PeerId id) {
        PeerSync p = peers.get(id);
        if (p == null) return Optional.empty();
        processBlockAvailability(p);
        return Optional.ofNullable(p.bestKnownBlock);
    }

    /** Core's m_last_block_announcement for the peer (used by eviction of extra outbound peers). */
    public Optional<Instant> lastBlockAnnouncement(PeerId id) {
        PeerSync p = peers.get(id);
        return p == null ? Optional.empty() : Optional.ofNullable(p.lastBlockAnnouncement);
    }

    /** Header-sync figures for getpeerinfo. */
    public Optional<PeerHeaderStats> stats(PeerId id) {
        PeerSync p = peers.get(id);
        if (p == null) return Optional.empty();
        processBlockAvailability(p);
        return Optional.of(new PeerHeaderStats(p.bestKnownBlock == null ? -1 : p.bestKnownBlock.height(),
                p.presync == null ? -1 : p.presync.presyncHeight(), p.syncStarted));
    }

    /** Core's m_provides_cmpctblocks: the peer sent {@code sendcmpct} for version 2. */
    public boolean providesCompactBlocks(PeerId id) {
        PeerSync p = peers.get(id);
        return p != null && p.providesCompactBlocks;
    }

    /** Core's m_bip152_highbandwidth_from: the peer asked us to announce new blocks to it as cmpctblock. */
    public boolean highBandwidthFrom(PeerId id) {
        PeerSync p = peers.get(id);
        return p != null && p.requestedHbCompactBlocks;
    }

    /** Core's fPreferredDownload for the peer. */
    public boolean isPreferredDownload(PeerId id) {
        PeerSync p = peers.get(id);
        return p != null && p.preferredDownload;
    }

    /** Core's m_num_preferred_download_peers. */
    public int preferredDownloadCount() {
        return preferredDownloadCount;
    }

    /** The peers header sync knows (established ones). */
    public Collection<PeerId> peerIds() {
        return List.copyOf(peers.keySet());
    }

    /** Peers with a header sync started (Core's nSyncStarted). */
    public int syncStartedCount() {
        return syncStartedCount;
    }

    /** Peers in a presync now, with their presync heights. */
    public Map<PeerId, Long> presyncHeights() {
        Map<PeerId, Long> out = new LinkedHashMap<>();
        peers.forEach((id, p) -> {
            if (p.presync != null && p.presync.state() == HeadersSyncState.State.PRESYNC) {
                out.put(id, p.presync.presyncHeight());
            }
        });
        return out;
    }

    private static boolean canServeBlocks(PeerHandle peer) {
        return (peer.services() & (ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_NETWORK_LIMITED)) != 0;
    }

    private static boolean isOutboundOrBlockRelay(PeerHandle peer) {
        return peer.connectionType() == ConnectionType.OUTBOUND_FULL_RELAY
                || peer.connectionType() == ConnectionType.BLOCK_RELAY;
    }
}
