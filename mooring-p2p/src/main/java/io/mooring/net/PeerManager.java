package io.mooring.net;

import io.mooring.wire.message.Message;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import io.mooring.logging.LogCategory;
import io.mooring.logging.LogIps;
import org.slf4j.LoggerFactory;

/**
 * All peers of one node (the part of Core's PeerManager and CConnman that needs no socket): it creates a
 * {@link Peer} per connection, routes transport events to it, runs the timers, keeps byte counters, and turns peer
 * actions into commands for the shell through a {@link NodeOutbox}. Sans-I/O and single-threaded: the node loop
 * calls every method, with the time in each event.
 */
public final class PeerManager {
    /** Core's LogDebug(BCLog::NET, ...): written with -debug=net. */
    private static final Logger LOG = LogCategory.NET.logger();
    /** Core's LogInfo: always written, without a category. */
    private static final Logger INFO = LoggerFactory.getLogger(PeerManager.class);

    private final PeerManagerOptions options;
    private final RandomGenerator random;
    private final NodeOutbox outbox;
    private final Map<PeerId, Entry> peers = new LinkedHashMap<>();
    /** The outbound subset of {@link #peers} (a dozen or so): the self-connection check scans only these. */
    private final List<Entry> outbound = new ArrayList<>();
    private final Context context = new Context();
    private int startHeight;
    private boolean acceptsLimitedPeers;
    private AddressSink addressSink = (peer, source, addresses) -> { };
    private long totalBytesSent;
    private long totalBytesReceived;
    private long unknownMessages;
    /** Core's m_outbound_time_offsets: getnetworkinfo's timeoffset is their median. */
    private final TimeOffsets outboundTimeOffsets = new TimeOffsets();

    private final class Entry {
        final Peer peer;
        final PeerStats stats = new PeerStats();
        final PeerHandle handle = new Handle(this);
        boolean gone;
        /** Core's address-relay state; null until relay is set up (Core's m_addr_relay_enabled). */
        AddrRelay.State addrRelay;

        Entry(Peer peer) {
            this.peer = peer;
        }
    }

    /** The extension's view of an entry; actions go through the same path as the connection layer's own. */
    private final class Handle implements PeerHandle {
        private final Entry e;

        Handle(Entry e) {
            this.e = e;
        }

        @Override
        public PeerId id() {
            return e.peer.id();
        }

        @Override
        public ConnectionType connectionType() {
            return e.peer.connectionType();
        }

        @Override
        public long services() {
            VersionMessage v = e.peer.theirVersion();
            return v == null ? 0 : v.services();
        }

        @Override
        public int startingHeight() {
            VersionMessage v = e.peer.theirVersion();
            return v == null ? 0 : v.startHeight();
        }

        @Override
        public int commonVersion() {
            return e.peer.commonVersion();
        }

        @Override
        public boolean hasNoBanPermission() {
            return permissions.noBan(e.peer.id());
        }

        @Override
        public void send(io.mooring.wire.message.Message message) {
            if (!e.gone) outbox.send(e.peer.id(), message);
        }

        @Override
        public void misbehaving(String reason) {
            if (!e.gone) execute(e, List.of(new PeerAction.Disconnect(reason, true)), null);
        }

        @Override
        public void disconnect(String reason) {
            if (!e.gone) execute(e, List.of(new PeerAction.Disconnect(reason, false)), null);
        }

        @Override
        public String toString() {
            return "peer=" + e.peer.id();
        }
    }

    private ProtocolExtension extension = ProtocolExtension.NONE;
    private PeerPermissions permissions = PeerPermissions.NONE;

    /** The message logic above connections (chain sync); {@link ProtocolExtension#NONE} by default. */
    public void setExtension(ProtocolExtension extension) {
        this.extension = Objects.requireNonNull(extension);
    }

    /**
     * Tells the message logic which connections hold Core's NoBan and Addr permissions (the node grants them from
     * -whitelist/-whitebind). Asked when a connection opens (for Addr) and whenever NoBan matters.
     */
    public void setPermissions(PeerPermissions permissions) {
        this.permissions = Objects.requireNonNull(permissions);
    }

    public PeerManager(PeerManagerOptions options, RandomGenerator random, NodeOutbox outbox) {
        this.options = Objects.requireNonNull(options);
        this.random = Objects.requireNonNull(random);
        this.outbox = Objects.requireNonNull(outbox);
        // Core's CConnman nSeed0/nSeed1: the node's secret key for deterministic randomizers (addr relay targets).
        this.relayKey0 = random.nextLong();
        this.relayKey1 = random.nextLong();
    }

    private final long relayKey0;
    private final long relayKey1;
    private java.util.function.Predicate<io.mooring.wire.netaddress.NetAddress> relayRefused = a -> false;

    /**
     * Addresses never relayed onward (Core's ProcessAddrs skips banned and discouraged addresses before relaying);
     * the node passes its ban manager's check.
     */
    public void setAddrRelayFilter(java.util.function.Predicate<io.mooring.wire.netaddress.NetAddress> refused) {
        this.relayRefused = Objects.requireNonNull(refused);
    }

    /** Where addresses learned from peers go (the address manager); called on the node loop. */
    @FunctionalInterface
    public interface AddressSink {
        void addresses(PeerId from, NetEndpoint source, java.util.List<io.mooring.wire.netaddress.PeerAddress> addresses);
    }

    /**
     * Decides about misbehaving peers (Core's MaybeDiscourageAndDisconnect): the node discourages the address unless
     * the peer is manual, has noban, or is a local address. Called on the node loop before the disconnect.
     */
    @FunctionalInterface
    public interface MisbehaviourHandler {
        /**
         * Core's MaybeDiscourageAndDisconnect: discourage as the node's rules say; return true to disconnect (Core
         * keeps noban and manual peers connected).
         */
        boolean misbehaving(PeerId peer, ConnectionType type, NetEndpoint endpoint, String reason);
    }

    /** Refuses inbound connections (Core's AcceptConnection ban check): returns a reason, or null to accept. */
    @FunctionalInterface
    public interface InboundFilter {
        String refuse(NetEndpoint endpoint);
    }

    private MisbehaviourHandler misbehaviourHandler = (peer, type, endpoint, reason) -> true;
    private InboundFilter inboundFilter = endpoint -> null;

    public void setMisbehaviourHandler(MisbehaviourHandler handler) {
        this.misbehaviourHandler = Objects.requireNonNull(handler);
    }

    public void setInboundFilter(InboundFilter filter) {
        this.inboundFilter = Objects.requireNonNull(filter);
    }

    /** What the node answers getaddr with (Core: addrman's GetAddr without banned or discouraged addresses). */
    @FunctionalInterface
    public interface AddressSource {
        List<io.mooring.wire.netaddress.PeerAddress> addresses(int maxAddresses, int maxPercent, Instant now);
    }

    private AddressSource addressSource = (max, pct, now) -> List.of();
    /** Core's GETADDR response cache (CConnman::GetAddresses), per requesting network. */
    private final Map<io.mooring.wire.netaddress.Network, CachedAddresses> addrResponseCache = new java.util.EnumMap<>(
            io.mooring.wire.netaddress.Network.class);

    private record CachedAddresses(List<io.mooring.wire.netaddress.PeerAddress> addresses, Instant expires) {
    }

    /** Core's MAX_ADDR_TO_SEND and MAX_PCT_ADDR_TO_SEND for getaddr answers. */
    static final int MAX_ADDR_TO_SEND = 1000;
    static final int MAX_PCT_ADDR_TO_SEND = 23;

    public void setAddressSource(AddressSource source) {
        this.addressSource = Objects.requireNonNull(source);
    }

    /**
     * Answers a peer's getaddr as Core does: from a cache per requesting network that lives 21 hours plus a uniform
     * 0-6 hours (so a spy cannot map our address table by asking repeatedly), at most 1,000 addresses and 23% of the
     * table, in addrv2 if the peer asked for it and otherwise only the addresses v1 can carry. Peers with the Addr
     * permission bypass the cache.
     */
    private void answerGetAddr(Entry e, Instant now) {
        io.mooring.wire.netaddress.Network key = e.peer.endpoint().address().network();
        CachedAddresses cached = addrResponseCache.get(key);
        if (permissions.addr(e.peer.id())) {
            // Core's Addr permission (for crawlers the operator trusts): a fresh random answer every time.
            cached = new CachedAddresses(List.copyOf(addressSource.addresses(MAX_ADDR_TO_SEND, MAX_PCT_ADDR_TO_SEND,
                    now)), now);
        } else if (cached == null || !now.isBefore(cached.expires())) {
            long jitterSeconds = (long) (random.nextDouble() * Duration.ofHours(6).toSeconds());
            cached = new CachedAddresses(List.copyOf(addressSource.addresses(MAX_ADDR_TO_SEND, MAX_PCT_ADDR_TO_SEND, now)),
                    now.plus(Duration.ofHours(21)).plusSeconds(jitterSeconds));
            addrResponseCache.put(key, cached);
        }
        List<io.mooring.wire.netaddress.PeerAddress> send = new ArrayList<>();
        for (io.mooring.wire.netaddress.PeerAddress a : cached.addresses()) {
            if (e.peer.wantsAddrV2() || a.address().isAddrV1Compatible()) {
                send.add(a);
            }
        }
        if (send.isEmpty()) {
            return;
        }
        if (e.addrRelay != null) {
            send.forEach(e.addrRelay::markKnown); // Core sends the answer through m_addr_known too
        }
        outbox.send(e.peer.id(), e.peer.wantsAddrV2() ? new io.mooring.wire.message.AddrV2Message(send)
                : new io.mooring.wire.message.AddrMessage(send));
    }

    /** What the address manager learns from connections (Core calls Good, SetServices and Connected on these). */
    public interface ConnectionOutcomes {
        void versionAccepted(PeerId peer, ConnectionType type, NetEndpoint endpoint, long services, Instant now);

        void disconnected(PeerId peer, ConnectionType type, NetEndpoint endpoint, boolean handshaked, Instant now);
    }

    private ConnectionOutcomes outcomes = new ConnectionOutcomes() {
        @Override
        public void versionAccepted(PeerId peer, ConnectionType type, NetEndpoint endpoint, long services, Instant now) {
        }

        @Override
        public void disconnected(PeerId peer, ConnectionType type, NetEndpoint endpoint, boolean handshaked,
                                 Instant now) {
        }
    };

    public void setConnectionOutcomes(ConnectionOutcomes outcomes) {
        this.outcomes = Objects.requireNonNull(outcomes);
    }

    public void setAddressSink(AddressSink sink) {
        this.addressSink = Objects.requireNonNull(sink);
    }

    public void setStartHeight(int height) {
        this.startHeight = height;
    }

    public void setAcceptsLimitedPeers(boolean accepts) {
        this.acceptsLimitedPeers = accepts;
    }

    // ---- events from the shell --------------------------------------------------------------------------------------

    /** A connection is open (outbound: connect succeeded; inbound: accepted). */
    public void onConnected(PeerId id, ConnectionType type, NetEndpoint remote, long knownServices, boolean viaProxy,
                            Instant now) {
        if (type == ConnectionType.INBOUND) {
            String refused = inboundFilter.refuse(remote);
            if (refused != null) {
                LOG.debug("connection from {} dropped ({})", remote, refused);
                outbox.disconnect(id, refused);
                return;
            }
        }
        Peer peer = new Peer(id, type, remote, knownServices, viaProxy, context, now);
        Entry entry = new Entry(peer);
        peers.put(id, entry);
        if (permissions.addr(id)) { // asked once the peer is known (manual peers' permissions come from it)
            peer.exemptFromAddrRateLimit();
        }
        if (type.isOutbound()) {
            outbound.add(entry);
        }
        // Core's CNode constructor: the address only with -logips.
        LOG.debug("Added connection{} peer={}", LogIps.optional(" to ", remote), id);
        List<PeerAction> actions = new ArrayList<>(2);
        peer.onConnected(now, actions);
        execute(entry, actions, now);
    }

    /** Raw bytes arrived on the connection (activity for the inactivity check, before any message completes). */
    public void onBytesReceived(PeerId id, Instant now) {
        Entry e = peers.get(id);
        if (e != null) {
            e.peer.onBytesReceived(now);
        }
    }

    /** The transport of connection {@code id} produced {@code event}. */
    public void onTransportEvent(PeerId id, TransportEvent event, Instant now) {
        Entry e = peers.get(id);
        if (e == null) {
            return;
        }
        List<PeerAction> actions = new ArrayList<>(4);
        switch (event) {
            case TransportEvent.MessageReceived r -> {
                String command = r.message().command();
                e.stats.recordReceived(command, r.wireBytes());
                totalBytesReceived += r.wireBytes();
                if (r.message() instanceof io.mooring.wire.message.UnknownMessage) {
                    unknownMessages++;
                    LOG.debug("Unknown message type \"{}\" from peer={}", command, id);
                }
                // Core's SetupAddressRelay for inbound peers: on their first addr, addrv2 or getaddr.
                if (e.peer.connectionType() == ConnectionType.INBOUND && e.peer.isSuccessfullyConnected()
                        && (r.message() instanceof io.mooring.wire.message.AddrMessage
                        || r.message() instanceof io.mooring.wire.message.AddrV2Message
                        || r.message() instanceof io.mooring.wire.message.GetAddrMessage)) {
                    setupAddressRelay(e);
                }
                e.peer.onMessage(r.message(), now, actions);
            }
            case TransportEvent.MessageDropped d -> {
                e.stats.recordReceived(d.command(), d.wireBytes());
                totalBytesReceived += d.wireBytes();
                LOG.debug("Dropped {} message from peer={}: {}", d.command(), id, d.detail());
                e.peer.onDropped(d.command(), d.reason(), now, actions);
            }
            case TransportEvent.Fatal f -> {
                LOG.debug("Transport error from peer={}: {}; disconnecting", id, f.detail());
                actions.add(new PeerAction.Disconnect(f.detail(), false));
            }
        }
        execute(e, actions, now);
    }

    /** The shell sent {@code bytes} of a {@code command} message to the peer. */
    public void recordSent(PeerId id, String command, int bytes) {
        Entry e = peers.get(id);
        if (e != null) {
            e.stats.recordSent(command, bytes);
        }
        totalBytesSent += bytes;
    }

    /** The connection is closed (by either side). */
    public void onDisconnected(PeerId id, Instant now) {
        Entry e = peers.remove(id);
        if (e != null) {
            e.gone = true;
            extension.peerGone(id, now);
            if (e.peer.connectionType().isOutbound()) {
                outbound.remove(e);
            }
            LOG.debug("disconnecting {}", LogIps.peer(id, e.peer.endpoint()));
            outcomes.disconnected(id, e.peer.connectionType(), e.peer.endpoint(), e.peer.isSuccessfullyConnected(), now);
        }
    }

    /** Periodic timer (the shell ticks about once a second). */
    public void onTick(Instant now) {
        List<PeerAction> actions = new ArrayList<>();
        for (Entry e : List.copyOf(peers.values())) {
            actions.clear();
            e.peer.onTick(now, actions);
            execute(e, actions, now);
            maybeSendAddr(e, now);
        }
        extension.onTick(now);
    }

    // ---- address relay (Core's RelayAddress, PushAddress, MaybeSendAddr) --------------------------------------------

    /** Core's SetupAddressRelay: never with block-relay-only peers (nor feelers, which leave at once). */
    private void setupAddressRelay(Entry e) {
        ConnectionType t = e.peer.connectionType();
        if (e.addrRelay == null && t.relaysAddresses() && t != ConnectionType.FEELER) {
            e.addrRelay = new AddrRelay.State(random);
        }
    }

    /** Core's IsRoutable, with loopback routable under -regtestroutableloopback. */
    private boolean isRoutable(io.mooring.wire.netaddress.NetAddress a) {
        return io.mooring.netgroup.NetGroupManager.isRoutable(a, options.routableLoopback());
    }

    /**
     * The relay half of Core's ProcessAddrs: every processed address becomes known to its sender; fresh (newer than
     * ten minutes), routable addresses from small messages go on to one or two other peers.
     */
    private void onAddressesProcessed(Entry from, PeerAction.AddressesProcessed p, Instant now) {
        long fresh = now.minus(AddrRelay.MAX_RELAY_AGE).getEpochSecond();
        for (io.mooring.wire.netaddress.PeerAddress a : p.addresses()) {
            if (from.addrRelay != null) {
                from.addrRelay.markKnown(a);
            }
            if (relayRefused.test(a.address())) {
                continue;
            }
            if (p.relayable() && a.time() > fresh && isRoutable(a.address())) {
                relayAddress(from.peer.id(), a, context.isReachable(a.address()), now);
            }
        }
    }

    /** Core's RelayAddress: queue {@code a} for the one or two peers chosen for it today. */
    void relayAddress(PeerId originator, io.mooring.wire.netaddress.PeerAddress a, boolean reachable, Instant now) {
        List<AddrRelay.Candidate> candidates = new ArrayList<>();
        for (Entry e : peers.values()) {
            if (e.addrRelay != null && !e.peer.id().equals(originator)) {
                candidates.add(new AddrRelay.Candidate(e.peer.id(), e.peer.wantsAddrV2()));
            }
        }
        for (PeerId target : AddrRelay.chooseTargets(a, reachable, candidates, relayKey0, relayKey1, now)) {
            Entry e = peers.get(target);
            e.addrRelay.push(a, e.peer.wantsAddrV2(), random);
        }
    }

    /** Core's MaybeSendAddr: on the peer's Poisson timer, one addr or addrv2 message with what it does not know. */
    private void maybeSendAddr(Entry e, Instant now) {
        if (e.addrRelay == null || !e.peer.isSuccessfullyConnected() || e.peer.isDisconnecting()
                || !peers.containsKey(e.peer.id())) {
            return;
        }
        maybeAnnounceSelf(e, now);
        List<io.mooring.wire.netaddress.PeerAddress> due = e.addrRelay.takeDue(now, random);
        if (!due.isEmpty()) {
            outbox.send(e.peer.id(), e.peer.wantsAddrV2() ? new io.mooring.wire.message.AddrV2Message(due)
                    : new io.mooring.wire.message.AddrMessage(due));
        }
    }

    private LocalAddresses localAddresses = LocalAddresses.none();
    private java.util.function.BooleanSupplier selfAnnounceAllowed = () -> true;

    /** Our own addresses (Core's mapLocalHost); none by default, so nothing is announced. */
    public void setLocalAddresses(LocalAddresses local) {
        this.localAddresses = Objects.requireNonNull(local);
    }

    /** Core announces itself only outside initial block download; the node says when. */
    public void setSelfAnnounceAllowed(java.util.function.BooleanSupplier allowed) {
        this.selfAnnounceAllowed = Objects.requireNonNull(allowed);
    }

    public LocalAddresses localAddresses() {
        return localAddresses;
    }

    /**
     * The self-announcement part of Core's MaybeSendAddr: once relay is set up, and then about once a day (Poisson),
     * our address for this peer goes out — the first time alone in its own message (so the peer's token bucket cannot
     * drop it among others), later with the queued addresses after the known-address filter is cleared.
     */
    private void maybeAnnounceSelf(Entry e, Instant now) {
        AddrRelay.State st = e.addrRelay;
        if (!localAddresses.listening() || !selfAnnounceAllowed.getAsBoolean()
                || (st.nextLocalSend != null && !now.isAfter(st.nextLocalSend))) {
            return;
        }
        boolean first = st.nextLocalSend == null;
        if (!first) st.known.reset();
        VersionMessage v = e.peer.theirVersion();
        NetEndpoint seenByPeer = v == null ? null : v.receiver().endpoint();
        localAddresses.forPeer(e.peer.endpoint().address(), seenByPeer,
                e.peer.connectionType() == ConnectionType.INBOUND, random).ifPresent(mine -> {
            LOG.debug("Advertising address {} to peer={}", mine, e.peer.id());
            io.mooring.wire.netaddress.PeerAddress self = new io.mooring.wire.netaddress.PeerAddress(
                    now.getEpochSecond(), options.localServices(), mine);
            if (first) {
                if (AddrRelay.compatible(mine.address(), e.peer.wantsAddrV2())) {
                    outbox.send(e.peer.id(), e.peer.wantsAddrV2()
                            ? new io.mooring.wire.message.AddrV2Message(List.of(self))
                            : new io.mooring.wire.message.AddrMessage(List.of(self)));
                }
            } else {
                st.push(self, e.peer.wantsAddrV2(), random);
            }
        });
        long meanMicros = AddrRelay.AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL.toNanos() / 1000;
        st.nextLocalSend = now.plusNanos((long) (random.nextExponential() * meanMicros) * 1000);
    }

    /** The addresses queued for {@code id} and not yet sent (tests, getpeerinfo). */
    public List<io.mooring.wire.netaddress.PeerAddress> addrsToSend(PeerId id) {
        Entry e = peers.get(id);
        return e == null || e.addrRelay == null ? List.of() : List.copyOf(e.addrRelay.toSend);
    }

    /** Whether address relay is set up with {@code id} (Core's m_addr_relay_enabled). */
    public boolean addrRelayEnabled(PeerId id) {
        Entry e = peers.get(id);
        return e != null && e.addrRelay != null;
    }

    /** Ask the peer to disconnect on behalf of an operator (disconnectnode RPC). */
    public boolean disconnect(PeerId id, String reason) {
        if (!peers.containsKey(id)) {
            return false;
        }
        outbox.disconnect(id, reason);
        return true;
    }

    /** Queue a ping to every peer (the ping RPC): Core sets each peer's ping to be sent at once. */
    public void pingAll(Instant now) {
        for (Entry e : peers.values()) {
            if (e.peer.isSuccessfullyConnected()) {
                List<PeerAction> actions = new ArrayList<>();
                e.peer.requestPing(now, actions);
                execute(e, actions, now);
            }
        }
    }

    private void execute(Entry e, List<PeerAction> actions, Instant now) {
        PeerId id = e.peer.id();
        for (PeerAction a : actions) {
            switch (a) {
                case PeerAction.Send s -> outbox.send(id, s.message());
                case PeerAction.Disconnect d -> {
                    if (d.misbehaving()) {
                        INFO.info("Misbehaving: {} ({})", LogIps.peer(id, e.peer.endpoint()), d.reason());
                        if (!misbehaviourHandler.misbehaving(id, e.peer.connectionType(), e.peer.endpoint(),
                                d.reason())) {
                            break; // noban or manual: Core keeps the connection
                        }
                    } else {
                        LOG.debug("{}, disconnecting {}", d.reason(), LogIps.peer(id, e.peer.endpoint()));
                    }
                    e.peer.markDisconnecting();
                    outbox.disconnect(id, d.reason());
                }
                case PeerAction.VersionAccepted v -> {
                    logVersion(e, v.version());
                    // Core's SeenLocal: an inbound peer reached us at addrMe; vote for it if it is one of ours.
                    NetEndpoint addrMe = v.version().receiver().endpoint();
                    if (e.peer.connectionType() == ConnectionType.INBOUND && isRoutable(addrMe.address())) {
                        localAddresses.seen(addrMe.address());
                    }
                    if (e.peer.connectionType().isOutbound()) {
                        setupAddressRelay(e); // Core: outbound peers at VERSION time
                        // Core samples clock offsets from outbound peers only (inbound ones could fake a warning).
                        outboundTimeOffsets.add(e.peer.timeOffsetSeconds());
                        outboundTimeOffsets.warnIfOutOfSync();
                    }
                    outcomes.versionAccepted(id, e.peer.connectionType(), e.peer.endpoint(), v.version().services(), now);
                }
                case PeerAction.HandshakeComplete h -> {
                    logConnected(e);
                    extension.peerReady(e.handle, now);
                }
                case PeerAction.AddressesReceived r -> addressSink.addresses(id, e.peer.endpoint(), r.addresses());
                case PeerAction.AddressesRequested r -> answerGetAddr(e, now);
                case PeerAction.Forward f -> extension.onMessage(e.handle, f.message(), now);
                case PeerAction.AddressesProcessed p -> onAddressesProcessed(e, p, now);
            }
        }
    }

    private void logVersion(Entry e, VersionMessage v) {
        LOG.debug("receive version message: {}: version {}, blocks={}, us={}, txrelay={}, {}", v.userAgent(),
                v.version(), v.startHeight(), v.receiver().endpoint(), v.relay() ? 1 : 0,
                LogIps.peer(e.peer.id(), e.peer.endpoint()));
    }

    /**
     * Core's VERACK log line, {@code New <type> peer connected: transport: <v1|v2>, version: N, peer=N[, peeraddr=..]
     * [, mapped_as=N]}: always written for outbound peers, with -debug=net for inbound ones (an attacker can make
     * those at a high rate).
     */
    private void logConnected(Entry e) {
        Peer p = e.peer;
        long as = mappedAs.applyAsLong(p.endpoint());
        String line = "New " + p.connectionType().rpcName() + " peer connected: transport: "
                + transportNames.apply(p.id()) + ", version: " + p.theirVersion().version() + ", "
                + LogIps.peer(p.id(), p.endpoint()) + (as != 0 ? ", mapped_as=" + as : "");
        if (p.connectionType().isOutbound()) {
            INFO.info(line);
        } else {
            LOG.debug(line);
        }
    }

    private java.util.function.Function<PeerId, String> transportNames = id -> "v1";
    private java.util.function.ToLongFunction<NetEndpoint> mappedAs = endpoint -> 0;

    /** The transport each connection speaks ("v1" or "v2"), for the connection log line; the shell knows it. */
    public void setTransportNames(java.util.function.Function<PeerId, String> names) {
        this.transportNames = Objects.requireNonNull(names);
    }

    /** Core's GetMappedAS for the log line (0: no -asmap or not mapped, and then nothing is logged). */
    public void setMappedAs(java.util.function.ToLongFunction<NetEndpoint> mappedAs) {
        this.mappedAs = Objects.requireNonNull(mappedAs);
    }

    // ---- queries ----------------------------------------------------------------------------------------------------

    public int connectionCount() {
        return peers.size();
    }

    public Collection<PeerId> peerIds() {
        return Collections.unmodifiableSet(peers.keySet());
    }

    public Peer peer(PeerId id) {
        Entry e = peers.get(id);
        return e == null ? null : e.peer;
    }

    public PeerStats stats(PeerId id) {
        Entry e = peers.get(id);
        return e == null ? null : e.stats;
    }

    public long totalBytesSent() {
        return totalBytesSent;
    }

    public long totalBytesReceived() {
        return totalBytesReceived;
    }

    /** Well-formed messages with a command Mooring has no type for (ignored, as Core ignores them). */
    public long unknownMessages() {
        return unknownMessages;
    }

    /** The clock offsets of recent outbound peers (Core's m_outbound_time_offsets). */
    public TimeOffsets outboundTimeOffsets() {
        return outboundTimeOffsets;
    }

    public PeerManagerOptions options() {
        return options;
    }


    /** The {@link PeerContext} every peer of this manager shares. */
    private final class Context implements PeerContext {
        @Override
        public long localServices() {
            return options.localServices();
        }

        @Override
        public String userAgent() {
            return options.userAgent();
        }

        @Override
        public int startHeight() {
            return startHeight;
        }

        @Override
        public boolean relayTransactions() {
            return options.relayTransactions();
        }

        @Override
        public boolean blocksOnly() {
            return options.blocksOnly();
        }

        @Override
        public boolean hasRelayPermission(PeerId peer) {
            return permissions.relay(peer);
        }

        @Override
        public boolean hasMempoolPermission(PeerId peer) {
            return permissions.mempool(peer);
        }

        @Override
        public boolean hasNoBanPermission(PeerId peer) {
            return permissions.noBan(peer);
        }

        @Override
        public long feeFilter() {
            return options.feeFilter();
        }

        @Override
        public boolean isOwnOutboundNonce(long nonce) {
            // Core's CheckIncomingNonce: our own outbound connections that have not finished the handshake. Only
            // outbound peers can match, so only they are scanned: a full inbound table costs nothing here.
            for (Entry e : outbound) {
                Peer p = e.peer;
                if (p.connectionType().isOutbound() && !p.isSuccessfullyConnected() && p.localNonce() == nonce) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean acceptsLimitedPeers() {
            return acceptsLimitedPeers;
        }

        @Override
        public Duration peerTimeout() {
            return options.peerTimeout();
        }

        @Override
        public boolean isRoutable(io.mooring.wire.netaddress.NetAddress address) {
            return PeerManager.this.isRoutable(address);
        }

        @Override
        public long randomNonce() {
            return random.nextLong();
        }
    }
}
