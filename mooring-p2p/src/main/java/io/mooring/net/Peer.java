package io.mooring.net;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.message.*;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One connection's protocol state machine: the version handshake, feature negotiation, ping and the inactivity
 * timeouts, exactly in Bitcoin Core's order (net_processing.cpp ProcessMessage/SendMessages and net.cpp
 * InactivityCheck). Sans-I/O: it is driven by events that carry the time ({@link #onConnected}, {@link #onMessage},
 * {@link #onDropped}, {@link #onTick}) and answers with {@link PeerAction}s appended to a list. No socket, thread or
 * clock inside; one thread (the node loop) calls it.
 */
public final class Peer {
    /** Core's PING_INTERVAL. */
    public static final Duration PING_INTERVAL = Duration.ofMinutes(2);
    /** Core's TIMEOUT_INTERVAL: no send, no receive, or no pong for this long disconnects. */
    public static final Duration TIMEOUT_INTERVAL = Duration.ofMinutes(20);
    /** Core's addr-fetch lifetime: 10 x AVG_ADDRESS_BROADCAST_INTERVAL (30 s). */
    public static final Duration ADDR_FETCH_LIFETIME = Duration.ofMinutes(5);
    /** Core's MAX_ADDR_RATE_PER_SECOND: the addr token bucket's refill rate. */
    public static final double MAX_ADDR_RATE_PER_SECOND = 0.1;
    /** Core's MAX_ADDR_PROCESSING_TOKEN_BUCKET: the bucket's ceiling (one full addr message). */
    public static final double MAX_ADDR_PROCESSING_TOKEN_BUCKET = Limits.MAX_ADDR_TO_SEND;
    /** Core's CMPCTBLOCKS_VERSION: the compact block version announced in sendcmpct. */
    public static final long CMPCTBLOCKS_VERSION = ProtocolVersion.CMPCTBLOCKS_VERSION;

    private final PeerId id;
    private final ConnectionType type;
    private final NetEndpoint endpoint;
    private final long knownServices;
    private final boolean viaProxy;
    private final PeerContext ctx;
    private final Instant connectedAt;
    private final long localNonce;

    private boolean versionSent;
    private VersionMessage theirVersion;
    private int commonVersion;
    private boolean successfullyConnected;
    private boolean wantsAddrV2;
    private boolean wtxidRelay;
    private boolean disconnecting;
    private Instant lastSend;
    private Instant lastReceive;
    private long pingNonceSent;
    private Instant pingStart;
    private Duration lastPingTime;
    private Duration minPingTime;
    private long timeOffsetSeconds;
    /** Core's m_fee_filter_received (sat/kvB): the peer's last valid feefilter. */
    private long feeFilterReceived;
    private double addrTokenBucket = 1.0;
    private Instant addrTokenTimestamp;
    private boolean getAddrSent;
    private boolean getAddrAnswered;
    private long addrProcessed;
    private long addrRateLimited;
    /** False for peers with Core's Addr permission: their addresses skip the token bucket. */
    private boolean addrRateLimit = true;

    /**
     * @param endpoint      the peer's address (for inbound: where it connected from)
     * @param knownServices what the address manager believed the peer offers (outbound), sent back in our version
     * @param viaProxy      the connection goes through a proxy, so the peer's address is not told to it
     */
    public Peer(PeerId id, ConnectionType type, NetEndpoint endpoint, long knownServices, boolean viaProxy,
                PeerContext ctx, Instant connectedAt) {
        this.id = Objects.requireNonNull(id);
        this.type = Objects.requireNonNull(type);
        this.endpoint = Objects.requireNonNull(endpoint);
        this.knownServices = knownServices;
        this.viaProxy = viaProxy;
        this.ctx = Objects.requireNonNull(ctx);
        this.connectedAt = Objects.requireNonNull(connectedAt);
        long nonce = ctx.randomNonce();
        this.localNonce = nonce;
    }

    // ---- events -------------------------------------------------------------------------------------------------

    /** The connection is open. Outbound connections speak first: their version goes out now. */
    public void onConnected(Instant now, List<PeerAction> out) {
        if (type.isOutbound()) {
            sendVersion(now, out);
        }
    }

    /** Bytes arrived (possibly only part of a message): they count as activity for the inactivity check. */
    public void onBytesReceived(Instant now) {
        lastReceive = now;
    }

    /** A complete, well-formed message arrived. */
    public void onMessage(Message message, Instant now, List<PeerAction> out) {
        lastReceive = now;
        if (disconnecting) {
            return;
        }
        if (theirVersion == null && !(message instanceof VersionMessage)) {
            // Core: "non-version message before version handshake" is ignored.
            return;
        }
        switch (message) {
            case VersionMessage v -> onVersion(v, now, out);
            case VerackMessage v -> onVerack(now, out);
            case WtxidRelayMessage w -> {
                if (successfullyConnected) {
                    disconnect(out, "wtxidrelay received after verack", false);
                } else if (commonVersion >= ProtocolVersion.WTXID_RELAY_VERSION) {
                    wtxidRelay = true;
                }
            }
            case SendAddrV2Message s -> {
                if (successfullyConnected) {
                    disconnect(out, "sendaddrv2 received after verack", false);
                } else {
                    wantsAddrV2 = true;
                }
            }
            case SendTxRcnclMessage s -> {
                // Core without txreconciliation (its default, and Mooring has none) ignores sendtxrcncl before and
                // after verack alike: the "received after verack" disconnect only applies once Erlay is enabled.
            }
            case FeatureMessage f ->
                // BIP434 needs a common version of 70017; Mooring speaks 70016, so Core's rule disconnects.
                    disconnect(out, "feature message with common version " + commonVersion + " < 70017", false);
            default -> {
                if (!successfullyConnected) {
                    // Core: "unsupported message prior to verack" is ignored.
                    return;
                }
                onEstablishedMessage(message, now, out);
            }
        }
    }

    /** A complete message was dropped by the transport (bad checksum, bad command, or a payload that did not decode). */
    public void onDropped(String command, ProtocolError reason, Instant now, List<PeerAction> out) {
        lastReceive = now;
        if (disconnecting || theirVersion == null) {
            return;
        }
        switch (reason) {
            // Oversized vectors are misbehaviour in Core (Misbehaving then discouragement).
            case TOO_MANY_INVENTORY_ENTRIES, TOO_MANY_ADDRESSES, TOO_MANY_HEADERS ->
                    disconnect(out, command + " message too large (" + reason.description() + ")", true);
            // BIP152 announce byte other than 0 or 1: Core's Misbehaving.
            case INVALID_SENDCMPCT_ANNOUNCE -> {
                if (successfullyConnected) disconnect(out, "invalid sendcmpct announce field", true);
            }
            // Oversized locators: Core disconnects without discouraging.
            case LOCATOR_TOO_LARGE -> disconnect(out, command + " locator too large", false);
            default -> {
                if (MessageType.FEATURE.equals(command)) {
                    disconnect(out, "malformed feature message", false);
                } else if (successfullyConnected
                        && (MessageType.FILTERLOAD.equals(command) || MessageType.FILTERADD.equals(command))) {
                    // Core refuses these before reading a byte of the payload: malformed ones disconnect too.
                    disconnect(out, command + " received despite not offering bloom services", false);
                }
                // Everything else: Core catches the deserialisation error, logs it and drops the message.
            }
        }
    }

    /** Time passes: handshake and inactivity timeouts, ping schedule, addr-fetch lifetime. */
    public void onTick(Instant now, List<PeerAction> out) {
        if (disconnecting) {
            return;
        }
        if (!now.isBefore(connectedAt.plus(ctx.peerTimeout()))) {
            // Core's InactivityCheck, in its order.
            if (lastSend == null || lastReceive == null) {
                disconnect(out, "socket no message in first " + ctx.peerTimeout().toSeconds() + " seconds, "
                        + (lastSend != null ? 1 : 0) + " " + (lastReceive != null ? 1 : 0), false);
                return;
            }
            if (now.isAfter(lastSend.plus(TIMEOUT_INTERVAL))) {
                disconnect(out, "socket sending timeout: " + Duration.between(lastSend, now).toSeconds() + "s", false);
                return;
            }
            if (now.isAfter(lastReceive.plus(TIMEOUT_INTERVAL))) {
                disconnect(out, "socket receive data timeout: " + Duration.between(lastReceive, now).toSeconds() + "s",
                        false);
                return;
            }
            if (!successfullyConnected) {
                disconnect(out, "version handshake timeout", false);
                return;
            }
        }
        if (!successfullyConnected) {
            return;
        }
        if (type == ConnectionType.ADDR_FETCH && now.isAfter(connectedAt.plus(ADDR_FETCH_LIFETIME))) {
            disconnect(out, "addrfetch connection timeout", false);
            return;
        }
        maybeSendPing(now, out);
    }

    // ---- handshake ----------------------------------------------------------------------------------------------

    private void sendVersion(Instant now, List<PeerAction> out) {
        // addr_recv: the peer's address only if routable, direct and expressible in v1 (Core's PushNodeVersion).
        NetAddress address = endpoint.address();
        boolean tell = ctx.isRoutable(address) && !viaProxy && address.isAddrV1Compatible();
        PeerAddress receiver = new PeerAddress(PeerAddress.TIME_INIT, type.isOutbound() ? knownServices : 0,
                tell ? address : NetAddress.UNSPECIFIED, tell ? endpoint.port() : 0);
        PeerAddress sender = new PeerAddress(PeerAddress.TIME_INIT, ctx.localServices(), NetAddress.UNSPECIFIED, 0);
        boolean relay = ctx.relayTransactions() && type.announcesTransactionRelay();
        send(out, now, new VersionMessage(ProtocolVersion.PROTOCOL_VERSION, ctx.localServices(), now.getEpochSecond(),
                receiver, sender, localNonce, ctx.userAgent(), ctx.startHeight(), relay));
        versionSent = true;
    }

    private void onVersion(VersionMessage v, Instant now, List<PeerAction> out) {
        if (theirVersion != null) {
            return; // Core: "redundant version message" is ignored.
        }
        if (type.expectsServices() && !hasAllDesirableServices(v.services())) {
            disconnect(out, String.format("does not offer the expected services (%08x offered, %08x expected)",
                    v.services(), desirableServices(v.services())), false);
            return;
        }
        if (v.version() < ProtocolVersion.MIN_PEER_PROTO_VERSION) {
            disconnect(out, "using obsolete version " + v.version(), false);
            return;
        }
        if (type == ConnectionType.INBOUND && ctx.isOwnOutboundNonce(v.nonce())) {
            disconnect(out, "connected to self at " + endpoint + ", disconnecting", false);
            return;
        }
        if (type == ConnectionType.INBOUND) {
            sendVersion(now, out);
        }
        theirVersion = v;
        commonVersion = Math.min(v.version(), ProtocolVersion.PROTOCOL_VERSION);
        if (commonVersion >= ProtocolVersion.WTXID_RELAY_VERSION) {
            send(out, now, WtxidRelayMessage.INSTANCE);
            send(out, now, SendAddrV2Message.INSTANCE);
        }
        send(out, now, VerackMessage.INSTANCE);
        // Core's m_time_offset, for every peer (getpeerinfo); only outbound ones feed the node's TimeOffsets.
        timeOffsetSeconds = v.timestamp() - now.getEpochSecond();
        out.add(new PeerAction.VersionAccepted(v));
        if (type.sendsGetAddr()) {
            send(out, now, GetAddrMessage.INSTANCE);
            // Core: our getaddr may be answered with up to 1,000 addresses, so those do not count against the peer.
            getAddrSent = true;
            addrTokenBucket += Limits.MAX_ADDR_TO_SEND;
        }
        if (type == ConnectionType.FEELER) {
            disconnect(out, "feeler connection completed", false);
        }
    }

    private void onVerack(Instant now, List<PeerAction> out) {
        if (successfullyConnected) {
            return; // Core: "ignoring redundant verack message".
        }
        successfullyConnected = true;
        out.add(new PeerAction.HandshakeComplete());
        if (commonVersion >= ProtocolVersion.SHORT_IDS_BLOCKS_VERSION) {
            send(out, now, new SendCmpctMessage(false, CMPCTBLOCKS_VERSION));
        }
        // SendMessages' first pass: a ping at once (Core's ping start is the epoch). sendheaders is not sent here:
        // Core's MaybeSendSendHeaders waits until the peer's best known block has the minimum chain work, which the
        // header sync above the connection layer knows (io.mooring.headers.HeadersSync).
        maybeSendPing(now, out);
        // Core's MaybeSendFeefilter: nothing at all in -blocksonly mode, else not to block-relay-only peers.
        if (!ctx.blocksOnly() && commonVersion >= ProtocolVersion.FEEFILTER_VERSION
                && type != ConnectionType.BLOCK_RELAY && type != ConnectionType.FEELER) {
            send(out, now, new FeeFilterMessage(ctx.feeFilter()));
        }
    }

    private long desirableServices(long services) {
        // Core's GetDesirableServiceFlags: limited peers are fine once we are near the tip.
        if ((services & ServiceFlags.NODE_NETWORK_LIMITED) != 0 && ctx.acceptsLimitedPeers()) {
            return ServiceFlags.NODE_NETWORK_LIMITED | ServiceFlags.NODE_WITNESS;
        }
        return ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
    }

    private boolean hasAllDesirableServices(long services) {
        long desirable = desirableServices(services);
        return (desirable & ~services) == 0;
    }

    // ---- established connection ---------------------------------------------------------------------------------

    private void onEstablishedMessage(Message message, Instant now, List<PeerAction> out) {
        switch (message) {
            case GetAddrMessage g -> {
                // Core answers getaddr only from inbound peers (an outbound peer asking could be fingerprinting us),
                // only once per connection, and never on block-relay-only connections.
                if (type == ConnectionType.INBOUND && !getAddrAnswered && type.relaysAddresses()) {
                    getAddrAnswered = true;
                    out.add(new PeerAction.AddressesRequested());
                }
            }
            case PingMessage p -> {
                if (commonVersion > ProtocolVersion.BIP0031_VERSION) {
                    send(out, now, new PongMessage(p.nonce()));
                }
            }
            case PongMessage p -> onPong(p, now);
            case FeeFilterMessage f -> {
                // Core's FEEFILTER: kept when within MoneyRange, and only for peers we relay transactions with
                // (block-relay-only connections have no tx relay state); getpeerinfo shows it as minfeefilter.
                if (f.feeRate() >= 0 && f.feeRate() <= PeerManagerOptions.MAX_MONEY
                        && type != ConnectionType.BLOCK_RELAY) {
                    feeFilterReceived = f.feeRate();
                }
            }
            case TxMessage t -> {
                if (rejectsIncomingTransactions()) {
                    disconnect(out, "transaction sent in violation of protocol", false);
                }
            }
            case InvMessage inv -> {
                if (rejectsIncomingTransactions()) {
                    for (InvItem item : inv.items()) {
                        int kind = item.type() & ~InvItem.MSG_WITNESS_FLAG;
                        if (kind == InvItem.MSG_TX || kind == InvItem.MSG_WTX) {
                            disconnect(out, "transaction (" + item.hash() + ") inv sent in violation of protocol", false);
                            return;
                        }
                    }
                }
                out.add(new PeerAction.Forward(inv));
            }
            // Core's handling for a node that offers neither NODE_BLOOM nor NODE_COMPACT_FILTERS (Mooring offers
            // neither: it has no mempool to filter and no block filter index).
            case FilterLoadMessage f -> disconnect(out, "filterload received despite not offering bloom services",
                    false);
            case FilterAddMessage f -> disconnect(out, "filteradd received despite not offering bloom services",
                    false);
            case FilterClearMessage f -> disconnect(out, "filterclear received despite not offering bloom services",
                    false);
            case MempoolMessage m -> {
                // Core: without NODE_BLOOM only the Mempool permission makes the request valid (and with no mempool
                // there is nothing to announce); NoBan peers are not disconnected for asking.
                if (!ctx.hasMempoolPermission(id) && !ctx.hasNoBanPermission(id)) {
                    disconnect(out, "mempool request with bloom filters disabled", false);
                }
            }
            case GetCFiltersMessage g -> unsupportedFilterType(g.filterType(), out);
            case GetCFHeadersMessage g -> unsupportedFilterType(g.filterType(), out);
            case GetCFCheckptMessage g -> unsupportedFilterType(g.filterType(), out);
            case AddrMessage a -> onAddresses(a.addresses(), now, out);
            case AddrV2Message a -> onAddresses(a.addresses(), now, out);
            default -> out.add(new PeerAction.Forward(message));
        }
    }

    /**
     * Core's addr/addrv2 processing (net_processing ProcessAddrs): a token bucket refilled at 0.1 address per second
     * up to 1,000 (plus 1,000 once for our own getaddr) limits how many addresses a peer may give us; addresses of
     * nodes that offer nothing useful are ignored; times in the future (or before 1973) are set to five days ago;
     * addresses of reachable networks go to the address manager with the peer as their source.
     */
    private void onAddresses(List<PeerAddress> addresses, Instant now, List<PeerAction> out) {
        if (!type.relaysAddresses()) {
            return; // Core ignores addr from block-relay-only peers.
        }
        if (addrTokenBucket < MAX_ADDR_PROCESSING_TOKEN_BUCKET) {
            long micros = Math.max(0, addrTokenTimestamp == null ? 0
                    : Duration.between(addrTokenTimestamp, now).toNanos() / 1000);
            addrTokenBucket = Math.min(addrTokenBucket + micros / 1e6 * MAX_ADDR_RATE_PER_SECOND,
                    MAX_ADDR_PROCESSING_TOKEN_BUCKET);
        }
        addrTokenTimestamp = now;
        long nowSeconds = now.getEpochSecond();
        List<PeerAddress> accepted = new ArrayList<>();
        List<PeerAddress> processed = new ArrayList<>();
        // Core shuffles the message first, so which addresses the bucket drops is not the sender's choice.
        List<PeerAddress> shuffled = new ArrayList<>(addresses);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            java.util.Collections.swap(shuffled, i, (int) Math.floorMod(ctx.randomNonce(), (long) i + 1));
        }
        for (PeerAddress a : shuffled) {
            if (addrTokenBucket < 1.0) {
                if (addrRateLimit) {
                    addrRateLimited++;
                    continue;
                }
            } else {
                addrTokenBucket -= 1.0;
            }
            if (!mayHaveUsefulAddressDb(a.services()) && !hasAllDesirableServices(a.services())) {
                continue;
            }
            PeerAddress timed = a;
            if (a.time() <= PeerAddress.TIME_INIT || a.time() > nowSeconds + 10 * 60) {
                timed = new PeerAddress(nowSeconds - 5 * 24 * 3600, a.services(), a.address(), a.port());
            }
            addrProcessed++;
            processed.add(timed);
            if (ctx.isReachable(timed.address())) {
                accepted.add(timed);
            }
        }
        if (!processed.isEmpty()) {
            // Core relays only from small messages while no getaddr of ours is outstanding (checked before the flag
            // is cleared below); the peer manager applies the per-address freshness and routability checks.
            out.add(new PeerAction.AddressesProcessed(List.copyOf(processed),
                    addresses.size() <= AddrRelay.MAX_ADDR_RELAY_MESSAGE && !getAddrSent));
        }
        if (!accepted.isEmpty()) {
            out.add(new PeerAction.AddressesReceived(List.copyOf(accepted)));
        }
        if (addresses.size() < Limits.MAX_ADDR_TO_SEND) {
            getAddrSent = false;
        }
        if (type == ConnectionType.ADDR_FETCH && addresses.size() > 1) {
            // Several addresses, not just a self-announcement: the addr-fetch connection has done its job.
            disconnect(out, "addrfetch connection completed", false);
        }
    }

    /**
     * Core's PrepareBlockFilterRequest: a filter type we do not serve disconnects the peer. Without
     * NODE_COMPACT_FILTERS no type is served, not even BIP158's basic filter.
     */
    private void unsupportedFilterType(int filterType, List<PeerAction> out) {
        disconnect(out, "peer requested unsupported block filter type: " + filterType, false);
    }

    /** Core's MayHaveUsefulAddressDB: full or limited nodes keep an address database worth asking. */
    private static boolean mayHaveUsefulAddressDb(long services) {
        return (services & (ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_NETWORK_LIMITED)) != 0;
    }

    /**
     * Core's RejectIncomingTxs: block-relay-only and feeler peers always; in -blocksonly mode every peer without the
     * relay permission. Without -blocksonly Mooring still has no mempool and tells every peer relay=false in its
     * version, so a peer sending transactions anyway breaks BIP37's promise and is treated the same way.
     */
    private boolean rejectsIncomingTransactions() {
        if (type == ConnectionType.BLOCK_RELAY || type == ConnectionType.FEELER) return true;
        if (ctx.hasRelayPermission(id)) return false;
        return ctx.blocksOnly() || !ctx.relayTransactions();
    }

    /** The ping RPC: send a ping now unless one is outstanding (Core sets m_ping_queued). */
    public void requestPing(Instant now, List<PeerAction> out) {
        if (!disconnecting && successfullyConnected && pingNonceSent == 0) {
            pingStart = null;
            maybeSendPing(now, out);
        }
    }

    private void maybeSendPing(Instant now, List<PeerAction> out) {
        if (pingNonceSent != 0) {
            if (now.isAfter(pingStart.plus(TIMEOUT_INTERVAL))) {
                disconnect(out, String.format("ping timeout: %.6fs", Duration.between(pingStart, now).toNanos() / 1e9),
                        false);
            }
            return;
        }
        if (pingStart != null && now.isBefore(pingStart.plus(PING_INTERVAL))) {
            return;
        }
        long nonce;
        do {
            nonce = ctx.randomNonce();
        } while (nonce == 0);
        pingNonceSent = nonce;
        pingStart = now;
        send(out, now, new PingMessage(nonce));
    }

    private void onPong(PongMessage p, Instant now) {
        // Core: a matching nonce finishes the ping; nonce zero cancels it; a mismatch is only logged.
        if (pingNonceSent == 0) {
            return; // unsolicited pong
        }
        if (p.nonce() == pingNonceSent) {
            Duration rtt = Duration.between(pingStart, now);
            if (!rtt.isNegative()) {
                lastPingTime = rtt;
                if (minPingTime == null || rtt.compareTo(minPingTime) < 0) {
                    minPingTime = rtt;
                }
            }
            pingNonceSent = 0;
        } else if (p.nonce() == 0) {
            pingNonceSent = 0;
        }
    }

    private void send(List<PeerAction> out, Instant now, Message m) {
        out.add(new PeerAction.Send(m));
        lastSend = now;
    }

    /**
     * Asks the node to close the connection. A misbehaving peer is only marked as disconnecting once the node agrees
     * ({@link #markDisconnecting}): Core keeps noban and manual peers connected after misbehaviour.
     */
    private void disconnect(List<PeerAction> out, String reason, boolean misbehaving) {
        if (!disconnecting) {
            if (!misbehaving) disconnecting = true;
            out.add(new PeerAction.Disconnect(reason, misbehaving));
        }
    }

    /** Core's Addr permission: this peer's addr messages are not rate-limited (the bucket still drains). */
    public void exemptFromAddrRateLimit() {
        addrRateLimit = false;
    }

    /** The node is closing this connection: ignore whatever else arrives on it. */
    public void markDisconnecting() {
        disconnecting = true;
    }

    // ---- state for getpeerinfo and the node -------------------------------------------------------------------------

    public PeerId id() {
        return id;
    }

    public ConnectionType connectionType() {
        return type;
    }

    public NetEndpoint endpoint() {
        return endpoint;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    /** What the address manager believed this (outbound) peer offers when we connected: stored with anchors. */
    public long knownServices() {
        return knownServices;
    }

    /** Our version nonce on this connection (for self-connection detection by the node). */
    public long localNonce() {
        return localNonce;
    }

    public boolean versionSent() {
        return versionSent;
    }

    /** Their version message, or null before it arrived. */
    public VersionMessage theirVersion() {
        return theirVersion;
    }

    public int commonVersion() {
        return commonVersion;
    }

    public boolean isSuccessfullyConnected() {
        return successfullyConnected;
    }

    public boolean isDisconnecting() {
        return disconnecting;
    }

    public boolean wantsAddrV2() {
        return wantsAddrV2;
    }

    public boolean wtxidRelay() {
        return wtxidRelay;
    }

    public Instant lastSend() {
        return lastSend;
    }

    public Instant lastReceive() {
        return lastReceive;
    }

    /** The last round-trip time, or null before the first pong. */
    public Duration lastPingTime() {
        return lastPingTime;
    }

    public Duration minPingTime() {
        return minPingTime;
    }

    /** How long the outstanding ping has waited (getpeerinfo's pingwait), or null when none is outstanding. */
    public Duration pingWait(Instant now) {
        return pingNonceSent == 0 ? null : Duration.between(pingStart, now);
    }

    /** Addresses taken from this peer's addr messages (getpeerinfo's addr_processed). */
    public long addrProcessed() {
        return addrProcessed;
    }

    /** Addresses dropped by the token bucket (getpeerinfo's addr_rate_limited). */
    public long addrRateLimited() {
        return addrRateLimited;
    }

    /** The fee rate (sat/kvB) of the peer's last valid feefilter, 0 before any (getpeerinfo's minfeefilter). */
    public long feeFilterReceived() {
        return feeFilterReceived;
    }

    /** Their clock minus ours, from their version's timestamp (0 before it arrived). */
    public long timeOffsetSeconds() {
        return timeOffsetSeconds;
    }
}
