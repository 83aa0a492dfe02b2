package io.mooring.connman;

import io.mooring.addrman.AddrMan;
import io.mooring.anchors.AnchorQueue;
import io.mooring.connman.OutboundAction.Disconnect;
import io.mooring.connman.OutboundAction.OpenConnection;
import io.mooring.connman.OutboundAction.Reason;
import io.mooring.logging.LogCategory;
import io.mooring.net.ConnectionType;
import io.mooring.netgroup.NetGroupManager;
import io.mooring.wire.Bytes;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core's automatic outbound connection policy, sans I/O: {@code CConnman::ThreadOpenConnections} (which slot to fill
 * next and from which address), {@code ThreadOpenAddedConnections} (-addnode), {@code ProcessAddrFetch}, the
 * {@code -connect} loop, and the parts of {@code PeerManagerImpl::CheckForStaleTipAndEvictPeers} that ask for extra
 * outbound peers and evict them again ({@code EvictExtraOutboundPeers}).
 *
 * <p>The node ticks it (Core's loop sleeps 500 ms per round) with the time, a snapshot of every current connection
 * and the chain state, and executes the returned actions. Every {@link OpenConnection} is "pending" until the node
 * calls {@link #attemptFinished(NetEndpoint)} (the connection is then in the snapshot, or it failed): Core holds an
 * outbound-semaphore grant and counts the node for the same span because its connect call is synchronous.
 *
 * <p>Not thread-safe: one owner (the node loop). It reads and updates the address manager (Select,
 * SelectTriedCollision, ResolveCollisions, Good for an already-connected collision) exactly where Core does.
 */
public final class OutboundPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundPolicy.class);
    private static final Logger NET = LogCategory.NET.logger();

    /** Core's MAX_OUTBOUND_FULL_RELAY_CONNECTIONS. */
    public static final int MAX_OUTBOUND_FULL_RELAY_CONNECTIONS = 8;
    /** Core's MAX_BLOCK_RELAY_ONLY_CONNECTIONS. */
    public static final int MAX_BLOCK_RELAY_ONLY_CONNECTIONS = 2;
    /** Core's MAX_FEELER_CONNECTIONS. */
    public static final int MAX_FEELER_CONNECTIONS = 1;
    /** Core's MAX_ADDNODE_CONNECTIONS (semAddnode). */
    public static final int MAX_ADDNODE_CONNECTIONS = 8;
    /** Core's FEELER_INTERVAL (mean of the exponential schedule). */
    public static final Duration FEELER_INTERVAL = Duration.ofMinutes(2);
    /** Core's EXTRA_BLOCK_RELAY_ONLY_PEER_INTERVAL (mean of the exponential schedule). */
    public static final Duration EXTRA_BLOCK_RELAY_ONLY_PEER_INTERVAL = Duration.ofMinutes(5);
    /** Core's EXTRA_PEER_CHECK_INTERVAL: how often CheckForStaleTipAndEvictPeers runs. */
    public static final Duration EXTRA_PEER_CHECK_INTERVAL = Duration.ofSeconds(45);
    /** Core's STALE_CHECK_INTERVAL. */
    public static final Duration STALE_CHECK_INTERVAL = Duration.ofMinutes(10);
    /** Core's MINIMUM_CONNECT_TIME: an extra peer is not evicted before it has had this long. */
    public static final Duration MINIMUM_CONNECT_TIME = Duration.ofSeconds(30);
    /** Core's EXTRA_NETWORK_PEER_INTERVAL: mean of the schedule for a peer on a network we have none on. */
    public static final Duration EXTRA_NETWORK_PEER_INTERVAL = Duration.ofMinutes(5);
    /** Core's FEELER_SLEEP_WINDOW: a feeler waits a uniform 0-1 s before it connects (no synchronised feelers). */
    public static final Duration FEELER_SLEEP_WINDOW = Duration.ofSeconds(1);
    /** The networks MaybePickPreferredNetwork considers, in Core's order before its shuffle. */
    private static final List<Network> PREFERABLE_NETWORKS = List.of(Network.IPV4, Network.IPV6, Network.TORV3,
            Network.I2P, Network.CJDNS);
    /** Core's ThreadOpenAddedConnections: a tried added node is retried after 60 s. */
    public static final Duration ADDNODE_RETRY = Duration.ofSeconds(60);
    /** Core's -connect loop: it sleeps at most 10 x 500 ms between passes over the targets. */
    public static final Duration CONNECT_RETRY = Duration.ofSeconds(5);
    /** Core: at most 100 addrman picks per round. */
    static final int MAX_TRIES = 100;
    /** Core: "only consider very recently tried nodes after 30 failed attempts". */
    static final int RECENT_TRY_TRIES = 30;
    static final Duration RECENT_TRY = Duration.ofMinutes(10);
    /** Core: bad ports are accepted only after 50 picks. */
    static final int BAD_PORT_TRIES = 50;

    private final OutboundOptions options;
    private final AddrMan addrMan;
    private final NetGroupManager netGroups;
    private final AnchorQueue anchors;
    private final Predicate<NetAddress> bannedOrDiscouraged;
    private final Predicate<NetEndpoint> isLocal;
    private final RandomGenerator rng;

    private final LinkedHashSet<NetEndpoint> addedNodes = new LinkedHashSet<>();
    /** -connect targets: those of the options, plus host names the node resolved. */
    private final LinkedHashSet<NetEndpoint> connectTargets = new LinkedHashSet<>();
    private final Map<NetEndpoint, Instant> lastManualAttempt = new HashMap<>();
    private final ArrayDeque<NetEndpoint> addrFetches = new ArrayDeque<>();
    /** Opened but not yet reported back by the node, with the type they were opened as. */
    private final Map<NetEndpoint, ConnectionType> pending = new LinkedHashMap<>();

    private Instant nextFeeler;
    private Instant nextExtraBlockRelay;
    private Instant nextExtraNetworkPeer;
    /** A feeler chosen but waiting out its random delay; no other automatic connection is opened meanwhile. */
    private DelayedFeeler delayedFeeler;

    private record DelayedFeeler(PeerAddress address, boolean countFailure, Instant notBefore) {
    }
    private Instant nextExtraPeerCheck;
    private Instant staleTipCheckTime = Instant.EPOCH;
    private boolean tryNewOutboundPeer;
    private boolean startExtraBlockRelayPeers;

    /**
     * @param anchors             the anchors read at startup (consumed from the back, each handed out once)
     * @param bannedOrDiscouraged BanMan's IsBanned || IsDiscouraged for an address
     * @param isLocal             Core's IsLocal: one of our own addresses (mapLocalHost), never connected to
     * @param start               the time the connection threads start: the feeler and extra-peer timers begin here
     */
    public OutboundPolicy(OutboundOptions options, AddrMan addrMan, AnchorQueue anchors,
                          Predicate<NetAddress> bannedOrDiscouraged, Predicate<NetEndpoint> isLocal,
                          RandomGenerator rng, Instant start) {
        this.options = options;
        this.addrMan = addrMan;
        this.netGroups = addrMan.netgroup();
        this.anchors = anchors;
        this.bannedOrDiscouraged = bannedOrDiscouraged;
        this.isLocal = isLocal;
        this.rng = rng;
        this.addedNodes.addAll(options.addNodes());
        this.connectTargets.addAll(options.connectTargets());
        // Core: next_feeler / next_extra_block_relay = start + rand_exp_duration(interval).
        this.nextFeeler = start.plus(randExp(FEELER_INTERVAL));
        this.nextExtraBlockRelay = start.plus(randExp(EXTRA_BLOCK_RELAY_ONLY_PEER_INTERVAL));
        this.nextExtraNetworkPeer = start.plus(randExp(EXTRA_NETWORK_PEER_INTERVAL));
        this.nextExtraPeerCheck = start.plus(EXTRA_PEER_CHECK_INTERVAL);
    }

    /** Core's rand_exp_duration: an exponentially distributed delay with the given mean (a Poisson schedule). */
    private Duration randExp(Duration mean) {
        double factor = -Math.log1p(-rng.nextDouble());
        return Duration.ofNanos((long) (factor * mean.toNanos()));
    }

    // ---- inputs besides the tick ------------------------------------------------------------------------------------

    /** Core's AddAddrFetch: the target is opened as ADDR_FETCH at the next tick with a free outbound slot. */
    public void queueAddrFetch(NetEndpoint target) {
        addrFetches.addLast(target);
    }

    /** Core's AddNode (addnode add): false if already in the list. */
    public boolean addNode(NetEndpoint target) {
        return addedNodes.add(target);
    }

    /** Core's RemoveAddedNode (addnode remove): false if it was not in the list. */
    public boolean removeNode(NetEndpoint target) {
        lastManualAttempt.remove(target);
        return addedNodes.remove(target);
    }

    public List<NetEndpoint> addedNodes() {
        return List.copyOf(addedNodes);
    }

    /** A -connect target whose host name the node resolved (Core resolves -connect names when it connects). */
    public boolean addConnectTarget(NetEndpoint target) {
        return connectTargets.add(target);
    }

    /** Drops a resolved -connect target (its name now resolves elsewhere); open connections stay. */
    public boolean removeConnectTarget(NetEndpoint target) {
        lastManualAttempt.remove(target);
        return connectTargets.remove(target);
    }

    /** The node has finished an attempt opened by this policy: it is connected (and in the snapshot) or it failed. */
    public void attemptFinished(NetEndpoint endpoint) {
        pending.remove(endpoint);
    }

    /** Core's GetTryNewOutboundPeer: a stale tip was detected and one extra full-relay peer is wanted. */
    public boolean tryNewOutboundPeer() {
        return tryNewOutboundPeer;
    }

    /** Core's m_start_extra_block_relay_peers. */
    public boolean extraBlockRelayPeersStarted() {
        return startExtraBlockRelayPeers;
    }

    public Instant nextFeeler() {
        return nextFeeler;
    }

    public Instant nextExtraBlockRelay() {
        return nextExtraBlockRelay;
    }

    // ---- the tick ---------------------------------------------------------------------------------------------------

    /** One round: returns what to open and whom to disconnect, in order. */
    public List<OutboundAction> tick(Instant now, List<OutboundPeerView> peers, OutboundChainState chain) {
        List<OutboundAction> out = new ArrayList<>();
        if (!now.isBefore(nextExtraPeerCheck)) {
            nextExtraPeerCheck = now.plus(EXTRA_PEER_CHECK_INTERVAL);
            checkForStaleTipAndEvictPeers(now, peers, chain, out);
        }
        openManualConnections(now, peers, out);
        processAddrFetch(peers, out);
        if (options.useAddrmanOutgoing()) {
            openAutomaticConnection(now, peers, out);
        }
        return out;
    }

    private boolean connectedOrPending(List<OutboundPeerView> peers, NetEndpoint target) {
        if (pending.containsKey(target)) return true;
        for (OutboundPeerView p : peers) {
            if (p.endpoint().equals(target)) return true;
        }
        return false;
    }

    /** Core's AlreadyConnectedToAddress: any connection (or one being opened) to the same IP. */
    private boolean alreadyConnectedToAddress(List<OutboundPeerView> peers, NetAddress address) {
        for (NetEndpoint e : pending.keySet()) {
            if (e.address().equals(address)) return true;
        }
        for (OutboundPeerView p : peers) {
            if (p.endpoint().address().equals(address)) return true;
        }
        return false;
    }

    private OpenConnection open(PeerAddress address, ConnectionType type, Reason reason, boolean countFailure) {
        pending.put(address.endpoint(), type);
        return new OpenConnection(address, type, reason, countFailure);
    }

    /**
     * -connect targets (Core's ThreadOpenConnections with -connect, a pass every few seconds) and added nodes (Core's
     * ThreadOpenAddedConnections: retried 60 s after an attempt, at most {@link #MAX_ADDNODE_CONNECTIONS} at once,
     * outside -maxconnections). Neither is counted against the automatic outbound slots.
     */
    private void openManualConnections(Instant now, List<OutboundPeerView> peers, List<OutboundAction> out) {
        for (NetEndpoint target : connectTargets) {
            if (connectedOrPending(peers, target) || recentlyAttempted(target, now, CONNECT_RETRY)) continue;
            lastManualAttempt.put(target, now);
            out.add(open(new PeerAddress(0, 0, target), ConnectionType.MANUAL, Reason.CONNECT, false));
        }
        int addnodeConnections = 0;
        for (OutboundPeerView p : peers) {
            if (p.type() == ConnectionType.MANUAL && addedNodes.contains(p.endpoint())) addnodeConnections++;
        }
        for (Map.Entry<NetEndpoint, ConnectionType> e : pending.entrySet()) {
            if (e.getValue() == ConnectionType.MANUAL && addedNodes.contains(e.getKey())) addnodeConnections++;
        }
        for (NetEndpoint target : addedNodes) {
            if (addnodeConnections >= MAX_ADDNODE_CONNECTIONS) break;
            if (connectedOrPending(peers, target) || recentlyAttempted(target, now, ADDNODE_RETRY)) continue;
            lastManualAttempt.put(target, now);
            addnodeConnections++;
            out.add(open(new PeerAddress(0, 0, target), ConnectionType.MANUAL, Reason.ADDNODE, false));
        }
    }

    private boolean recentlyAttempted(NetEndpoint target, Instant now, Duration retry) {
        Instant last = lastManualAttempt.get(target);
        return last != null && now.isBefore(last.plus(retry));
    }

    /** Slots Core's semOutbound would have handed out: every automatic outbound connection, open or opening. */
    private int automaticOutbound(List<OutboundPeerView> peers) {
        int n = 0;
        for (OutboundPeerView p : peers) {
            if (p.type().isOutbound() && p.type() != ConnectionType.MANUAL) n++;
        }
        for (ConnectionType t : pending.values()) {
            if (t != ConnectionType.MANUAL) n++;
        }
        return n;
    }

    /**
     * Core's ProcessAddrFetch: one queued target per round, opened as ADDR_FETCH if an outbound slot is free (the
     * target is dropped otherwise, as Core's try-grant drops it) and we are not connected to it already.
     */
    private void processAddrFetch(List<OutboundPeerView> peers, List<OutboundAction> out) {
        NetEndpoint target = addrFetches.pollFirst();
        if (target == null) return;
        if (automaticOutbound(peers) >= options.outboundSlots() || connectedOrPending(peers, target)) return;
        out.add(open(new PeerAddress(0, 0, target), ConnectionType.ADDR_FETCH, Reason.ADDR_FETCH, false));
    }

    /**
     * Core's HasAllDesirableServiceFlags: NODE_NETWORK|NODE_WITNESS, or NODE_NETWORK_LIMITED|NODE_WITNESS for a limited
     * peer when we are near the tip.
     */
    boolean hasAllDesirableServiceFlags(long services) {
        long desired = options.acceptsLimitedPeers() && (services & ServiceFlags.NODE_NETWORK_LIMITED) != 0
                ? ServiceFlags.NODE_NETWORK_LIMITED | ServiceFlags.NODE_WITNESS
                : ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
        return (services & desired) == desired;
    }

    /** Core's MayHaveUsefulAddressDB: feelers only need a node that keeps blocks (full or limited). */
    static boolean mayHaveUsefulAddressDb(long services) {
        return (services & (ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_NETWORK_LIMITED)) != 0;
    }

    private boolean reachable(NetAddress a) {
        return options.reachableNetworks().contains(a.network());
    }

    /** One round of Core's ThreadOpenConnections: pick the connection type, then up to 100 addrman picks. */
    private void openAutomaticConnection(Instant now, List<OutboundPeerView> peers, List<OutboundAction> out) {
        if (delayedFeeler != null) {
            // Core sleeps its connection thread for the feeler's random delay, then connects.
            if (now.isBefore(delayedFeeler.notBefore())) return;
            PeerAddress feelerAddress = delayedFeeler.address();
            boolean countFailure = delayedFeeler.countFailure();
            delayedFeeler = null;
            NET.debug("Making feeler connection to {}", feelerAddress.endpoint());
            out.add(open(feelerAddress, ConnectionType.FEELER, Reason.FEELER, countFailure));
            return;
        }
        if (automaticOutbound(peers) >= options.outboundSlots()) return;

        int fullRelay = 0;
        int blockRelay = 0;
        int privacyPeers = 0;
        Set<Bytes> groups = new HashSet<>();
        List<Map.Entry<NetEndpoint, ConnectionType>> all = new ArrayList<>();
        for (OutboundPeerView p : peers) all.add(Map.entry(p.endpoint(), p.type()));
        all.addAll(pending.entrySet());
        for (Map.Entry<NetEndpoint, ConnectionType> c : all) {
            ConnectionType type = c.getValue();
            if (type == ConnectionType.OUTBOUND_FULL_RELAY) fullRelay++;
            if (type == ConnectionType.BLOCK_RELAY) blockRelay++;
            switch (type) {
                // Inbound peers are free to make, so an attacker could use them to keep us from certain netgroups;
                // short-lived connections should not steer selection either.
                case INBOUND, ADDR_FETCH, FEELER -> { }
                case MANUAL, OUTBOUND_FULL_RELAY, BLOCK_RELAY -> {
                    NetAddress a = c.getKey().address();
                    // Tor/I2P/CJDNS groups say nothing about the route to the peer: no diversity rule for them.
                    if (a.isTor() || a.isI2P() || a.isCJDNS()) privacyPeers++;
                    else groups.add(netGroups.group(a, c.getKey().port()));
                }
            }
        }

        ConnectionType type = ConnectionType.OUTBOUND_FULL_RELAY;
        Reason reason = Reason.FILL_SLOTS;
        boolean anchor = false;
        boolean feeler = false;
        Network preferredNetwork = null;
        if (!anchors.isEmpty() && blockRelay < options.maxBlockRelay()) {
            type = ConnectionType.BLOCK_RELAY;
            reason = Reason.ANCHOR;
            anchor = true;
        } else if (fullRelay < options.maxFullRelay()) {
            // full relay
        } else if (blockRelay < options.maxBlockRelay()) {
            type = ConnectionType.BLOCK_RELAY;
        } else if (tryNewOutboundPeer) {
            reason = Reason.STALE_TIP;
        } else if (now.isAfter(nextExtraBlockRelay) && startExtraBlockRelayPeers) {
            // Core: every few minutes a new block-relay-only peer to learn headers from; EvictExtraOutboundPeers
            // drops it again unless it gave us a block more recently than the next-youngest one.
            nextExtraBlockRelay = now.plus(randExp(EXTRA_BLOCK_RELAY_ONLY_PEER_INTERVAL));
            type = ConnectionType.BLOCK_RELAY;
            reason = Reason.EXTRA_BLOCK_RELAY;
        } else if (now.isAfter(nextFeeler)) {
            nextFeeler = now.plus(randExp(FEELER_INTERVAL));
            type = ConnectionType.FEELER;
            reason = Reason.FEELER;
            feeler = true;
        } else if (fullRelay == options.maxFullRelay()
                && options.maxFullRelay() == MAX_OUTBOUND_FULL_RELAY_CONNECTIONS
                && now.isAfter(nextExtraNetworkPeer)
                && (preferredNetwork = pickPreferredNetwork(peers)) != null) {
            // Core: an extra full-relay peer on a reachable network we have no peer on; the extra-peer eviction
            // then drops a peer of another network, never the only one of its network. Not tried when
            // -maxconnections leaves fewer than 8 full-relay slots.
            nextExtraNetworkPeer = now.plus(randExp(EXTRA_NETWORK_PEER_INTERVAL));
            reason = Reason.PREFERRED_NETWORK;
        } else {
            return;
        }
        Set<Network> selectFrom = preferredNetwork != null ? Set.of(preferredNetwork) : options.reachableNetworks();

        addrMan.resolveCollisions(now);
        PeerAddress chosen = null;
        int tries = 0;
        while (true) {
            if (anchor && !anchors.isEmpty()) {
                PeerAddress a = anchors.pollLast().orElseThrow();
                NetAddress address = a.address();
                if (!address.isValid() || isLocal.test(a.endpoint()) || !reachable(address)
                        || !hasAllDesirableServiceFlags(a.services()) || groups.contains(netGroups.group(address, a.port()))) {
                    continue;
                }
                chosen = a;
                NET.debug("Trying to make an anchor connection to {}", a.endpoint());
                break;
            }
            if (anchor) {
                // Every anchor was discarded: Core fills this block-relay-only slot from the address manager.
                anchor = false;
                reason = Reason.FILL_SLOTS;
            }
            // After 100 picks, let the next round recount the connections before trying addrman again.
            if (++tries > MAX_TRIES) break;

            Optional<AddrMan.Selected> selected;
            if (feeler) {
                // Test-before-evict first: a tried-table collision, unless we are connected to it already (then it is
                // evidently alive: mark it Good instead of evicting a current peer by mistake).
                selected = addrMan.selectTriedCollision();
                if (selected.isEmpty()) {
                    selected = addrMan.select(true, options.reachableNetworks(), now);
                } else if (alreadyConnectedToAddress(peers, selected.get().address().address())) {
                    addrMan.good(selected.get().address().endpoint(), now);
                    selected = addrMan.select(true, options.reachableNetworks(), now);
                }
            } else {
                selected = addrMan.select(false, selectFrom, now);
            }
            // An empty addrman (or nothing in reachable networks) is Core's invalid address: end the round.
            if (selected.isEmpty()) break;
            PeerAddress addr = selected.get().address();
            NetAddress address = addr.address();
            if (!feeler && groups.contains(netGroups.group(address, addr.port()))) continue;
            if (!address.isValid() || isLocal.test(addr.endpoint())) break;
            if (!reachable(address)) continue;
            if (Duration.between(selected.get().lastTry(), now).compareTo(RECENT_TRY) < 0 && tries < RECENT_TRY_TRIES) {
                continue;
            }
            if (!feeler && !hasAllDesirableServiceFlags(addr.services())) continue;
            if (feeler && !mayHaveUsefulAddressDb(addr.services())) continue;
            if (tries < BAD_PORT_TRIES && (address.isIPv4() || address.isIPv6()) && isBadPort(addr.port())) continue;
            // Addnode peers get their own connections with their own protections, not an automatic slot.
            if (addedNodes.contains(addr.endpoint())) {
                NET.debug("Not making automatic {} connection to {} peer selected for manual (addnode) connection",
                        type.rpcName(), address.network().rpcName());
                continue;
            }
            chosen = addr;
            break;
        }
        if (chosen == null) return;

        // Core's OpenNetworkConnection: never to ourselves, a banned or discouraged address, or an IP we already have.
        NetAddress address = chosen.address();
        if (isLocal.test(chosen.endpoint()) || bannedOrDiscouraged.test(address)
                || alreadyConnectedToAddress(peers, address)) {
            return;
        }
        // Failures count against the address only when we evidently are online: at least two distinct outbound
        // netgroups (or privacy-network peers); otherwise an offline node would mark its whole addrman terrible.
        boolean countFailure = groups.size() + privacyPeers >= Math.min(options.maxAutomaticOutbound() - 1, 2);
        if (feeler) {
            // Core's FEELER_SLEEP_WINDOW: a uniform 0-1 s of noise so that feelers of many nodes do not line up.
            long delayNanos = (long) (rng.nextDouble() * FEELER_SLEEP_WINDOW.toNanos());
            delayedFeeler = new DelayedFeeler(chosen, countFailure, now.plusNanos(delayNanos));
            return;
        }
        if (preferredNetwork != null) {
            NET.debug("Making network specific connection to {} on {}.", chosen.endpoint(),
                    preferredNetwork.rpcName());
        }
        out.add(open(chosen, type, reason, countFailure));
    }

    /**
     * Core's MaybePickPreferredNetwork: in random order, the first reachable network with no full-relay or manual
     * connection (open or being opened) and some address in the address manager; null when there is none.
     */
    private Network pickPreferredNetwork(List<OutboundPeerView> peers) {
        Map<Network, Integer> counts = new java.util.EnumMap<>(Network.class);
        List<Map.Entry<NetEndpoint, ConnectionType>> all = new ArrayList<>();
        for (OutboundPeerView p : peers) all.add(Map.entry(p.endpoint(), p.type()));
        all.addAll(pending.entrySet());
        for (Map.Entry<NetEndpoint, ConnectionType> c : all) {
            if (c.getValue() == ConnectionType.OUTBOUND_FULL_RELAY || c.getValue() == ConnectionType.MANUAL) {
                counts.merge(c.getKey().address().network(), 1, Integer::sum);
            }
        }
        List<Network> order = new ArrayList<>(PREFERABLE_NETWORKS);
        for (int i = order.size() - 1; i > 0; i--) java.util.Collections.swap(order, i, rng.nextInt(i + 1));
        for (Network n : order) {
            if (options.reachableNetworks().contains(n) && counts.getOrDefault(n, 0) == 0
                    && addrMan.size(n, null) != 0) {
                return n;
            }
        }
        return null;
    }

    /** Core's IsBadPort (netbase.cpp, doc/p2p-bad-ports.md): ports of other well-known services. */
    public static boolean isBadPort(int port) {
        return switch (port) {
            case 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103,
                 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513,
                 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720,
                 1723, 2049, 3659, 4045, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080 -> true;
            default -> false;
        };
    }

    // ---- extra peers: net_processing's CheckForStaleTipAndEvictPeers ------------------------------------------------

    private void checkForStaleTipAndEvictPeers(Instant now, List<OutboundPeerView> peers, OutboundChainState chain,
                                               List<OutboundAction> out) {
        evictExtraOutboundPeers(now, peers, out);
        if (now.isAfter(staleTipCheckTime)) {
            if (options.useAddrmanOutgoing() && tipMayBeStale(now, chain)) {
                LOG.info("Potential stale tip detected, will try using extra outbound peer (last tip update: {} "
                        + "seconds ago)", Duration.between(chain.lastTipUpdate(), now).toSeconds());
                tryNewOutboundPeer = true;
            } else if (tryNewOutboundPeer) {
                tryNewOutboundPeer = false;
            }
            staleTipCheckTime = now.plus(STALE_CHECK_INTERVAL);
        }
        if (!startExtraBlockRelayPeers && chain.initialSyncFinished()) {
            // Core's StartExtraBlockRelayPeers, once CanDirectFetch first holds.
            NET.debug("enabling extra block-relay-only peers");
            startExtraBlockRelayPeers = true;
        }
    }

    /** Core's TipMayBeStale: no new tip for 3 block intervals and no block download outstanding. */
    boolean tipMayBeStale(Instant now, OutboundChainState chain) {
        return chain.lastTipUpdate().isBefore(now.minus(options.powTargetSpacing().multipliedBy(3)))
                && !chain.blocksInFlight();
    }

    /**
     * Core's EvictExtraOutboundPeers. Extra block-relay-only peer: disconnect the youngest (highest id) unless it gave
     * us a block more recently than the second-youngest, then disconnect that one. Extra full-relay peer: disconnect
     * the one that least recently announced a new block (ties: the younger), never a chain-sync-protected one nor the
     * only full-relay/manual connection of its network. Either only after {@link #MINIMUM_CONNECT_TIME} and with no
     * block in flight from it.
     */
    void evictExtraOutboundPeers(Instant now, List<OutboundPeerView> peers, List<OutboundAction> out) {
        int handshakedBlockRelay = 0;
        int handshakedFullRelay = 0;
        for (OutboundPeerView p : peers) {
            if (!p.handshaked() || p.disconnecting()) continue;
            if (p.type() == ConnectionType.BLOCK_RELAY) handshakedBlockRelay++;
            if (p.type() == ConnectionType.OUTBOUND_FULL_RELAY) handshakedFullRelay++;
        }
        if (handshakedBlockRelay - options.maxBlockRelay() > 0) {
            OutboundPeerView youngest = null;
            OutboundPeerView nextYoungest = null;
            for (OutboundPeerView p : peers) {
                if (p.type() != ConnectionType.BLOCK_RELAY || p.disconnecting()) continue;
                if (youngest == null || p.id() > youngest.id()) {
                    nextYoungest = youngest;
                    youngest = p;
                } else if (nextYoungest == null || p.id() > nextYoungest.id()) {
                    nextYoungest = p;
                }
            }
            OutboundPeerView victim = youngest;
            if (nextYoungest != null && youngest.lastBlockTime().isAfter(nextYoungest.lastBlockTime())) {
                victim = nextYoungest;
            }
            if (Duration.between(victim.connectedAt(), now).compareTo(MINIMUM_CONNECT_TIME) >= 0
                    && victim.blocksInFlight() == 0) {
                NET.debug("disconnecting extra block-relay-only peer={} (last block received at time {})", victim.id(),
                        victim.lastBlockTime().getEpochSecond());
                out.add(new Disconnect(victim.id(), "extra block-relay-only peer"));
            } else {
                NET.debug("keeping block-relay-only peer={} chosen for eviction (connect time: {}, blocks_in_flight: "
                        + "{})", victim.id(), victim.connectedAt().getEpochSecond(), victim.blocksInFlight());
            }
        }
        if (handshakedFullRelay - options.maxFullRelay() > 0) {
            OutboundPeerView worst = null;
            for (OutboundPeerView p : peers) {
                if (p.type() != ConnectionType.OUTBOUND_FULL_RELAY || p.disconnecting() || p.chainSyncProtected()) {
                    continue;
                }
                if (!multipleManualOrFullOutbound(peers, p.endpoint().address())) continue;
                if (worst == null || p.lastBlockAnnouncement().isBefore(worst.lastBlockAnnouncement())
                        || (p.lastBlockAnnouncement().equals(worst.lastBlockAnnouncement()) && p.id() > worst.id())) {
                    worst = p;
                }
            }
            if (worst != null) {
                if (Duration.between(worst.connectedAt(), now).compareTo(MINIMUM_CONNECT_TIME) > 0
                        && worst.blocksInFlight() == 0) {
                    NET.debug("disconnecting extra outbound peer={} (last block announcement received at time {})",
                            worst.id(), worst.lastBlockAnnouncement().getEpochSecond());
                    out.add(new Disconnect(worst.id(), "extra outbound peer"));
                    // We reached a new peer since the stale tip: no more extra peers until the next stale tip.
                    tryNewOutboundPeer = false;
                } else {
                    NET.debug("keeping outbound peer={} chosen for eviction (connect time: {}, blocks_in_flight: {})",
                            worst.id(), worst.connectedAt().getEpochSecond(), worst.blocksInFlight());
                }
            }
        }
    }

    /** Core's MultipleManualOrFullOutboundConns: more than one full-relay or manual connection on that network. */
    private static boolean multipleManualOrFullOutbound(List<OutboundPeerView> peers, NetAddress address) {
        int n = 0;
        for (OutboundPeerView p : peers) {
            if ((p.type() == ConnectionType.OUTBOUND_FULL_RELAY || p.type() == ConnectionType.MANUAL)
                    && p.endpoint().address().network() == address.network()) {
                n++;
            }
        }
        return n > 1;
    }
}
