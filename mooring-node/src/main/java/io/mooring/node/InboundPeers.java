package io.mooring.node;

import io.mooring.banman.BanMan;
import io.mooring.connman.Eviction;
import io.mooring.connman.NetPermissions;
import io.mooring.connman.NodeEvictionCandidate;
import io.mooring.logging.LogCategory;
import io.mooring.net.ConnectionType;
import io.mooring.net.Peer;
import io.mooring.net.PeerId;
import io.mooring.net.PeerManager;
import io.mooring.netgroup.NetGroupManager;
import io.mooring.netshell.NetworkShell;
import io.mooring.wire.SipHash;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.ServiceFlags;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;

/**
 * The node's side of inbound admission (Core's CConnman::AcceptConnection, CreateNodeFromAcceptedSocket and
 * AttemptToEvictConnection): it gathers what {@link Eviction} decides on (permissions from -whitebind and
 * -whitelist, bans, the live peers as eviction candidates) and carries the decision out through the shell. It also
 * answers which permissions a peer holds, and applies Mooring's block-relay-only inbound slots when an inbound
 * version arrives. Node loop only.
 *
 * <p>Heap: an idle inbound peer that asked for no transaction relay costs what a transaction-relaying one costs
 * (about 3.5 KB of live heap each, measured with 300 of each against a regtest node and {@code jcmd
 * GC.class_histogram}, 2026-11-23): Mooring keeps no transaction-relay state per peer yet, so the block-relay-only
 * slots are cheap only in the bandwidth and CPU such peers will not ask for once transactions are relayed.
 */
final class InboundPeers implements NetworkShell.InboundGate {
    /** Core's LogDebug(BCLog::NET, ...). */
    private static final Logger NET = LogCategory.NET.logger();

    /** What the node remembers of an admitted inbound connection. */
    private record Admitted(NetPermissions permissions, boolean preferEvict) {
    }

    private final Map<NetEndpoint, NetPermissions> whitebinds;
    private final List<NetPermissions.Whitelist> whitelistIn;
    private final List<NetPermissions.Whitelist> whitelistOut;
    private final int maxInbound;
    private final int blockRelayOnlySlots;
    private final BanMan banMan;
    private final NetGroupManager netGroups;
    /** Core's nSeed0/nSeed1 for RANDOMIZER_ID_NETGROUP: the keyed netgroup an attacker cannot predict. */
    private final long netGroupKey0;
    private final long netGroupKey1;
    private final Map<PeerId, Admitted> admitted = new HashMap<>();
    private NetworkShell shell;
    private PeerManager peers;
    /** When each peer last gave us a new block (Core's m_last_block_time); EPOCH for never. */
    private java.util.function.Function<PeerId, Instant> lastBlockTime = id -> Instant.EPOCH;

    /** The chain tells eviction which peers recently gave us blocks (those are protected, as in Core). */
    void setLastBlockTimes(java.util.function.Function<PeerId, Instant> lastBlockTime) {
        this.lastBlockTime = java.util.Objects.requireNonNull(lastBlockTime);
    }

    InboundPeers(List<NetPermissions.Whitebind> whitebinds, List<NetPermissions.Whitelist> whitelist, int maxInbound,
                 int blockRelayOnlySlots, BanMan banMan, NetGroupManager netGroups, RandomGenerator random) {
        this.whitebinds = new LinkedHashMap<>();
        for (NetPermissions.Whitebind w : whitebinds) {
            this.whitebinds.put(w.endpoint(), w.permissions());
        }
        this.whitelistIn = whitelist.stream().filter(NetPermissions.Whitelist::inbound).toList();
        this.whitelistOut = whitelist.stream().filter(NetPermissions.Whitelist::outbound).toList();
        this.maxInbound = maxInbound;
        this.blockRelayOnlySlots = blockRelayOnlySlots;
        this.banMan = banMan;
        this.netGroups = netGroups;
        this.netGroupKey0 = random.nextLong();
        this.netGroupKey1 = random.nextLong();
    }

    /** Parses the validated -whitebind/-whitelist values of {@code c} (NodeConfig checked them at startup). */
    static InboundPeers fromConfig(NodeConfig c, int maxInbound, BanMan banMan, NetGroupManager netGroups,
                                   RandomGenerator random) {
        try {
            List<NetPermissions.Whitebind> binds = new ArrayList<>();
            for (String w : c.whitebind()) binds.add(NetPermissions.parseWhitebind(w));
            List<NetPermissions.Whitelist> list = new ArrayList<>();
            for (String w : c.whitelist()) list.add(NetPermissions.parseWhitelist(w));
            return new InboundPeers(binds, list, maxInbound, c.blockRelayInboundSlots().orElse(0), banMan, netGroups,
                    random);
        } catch (NetPermissions.ParseException e) {
            throw new IllegalStateException("unvalidated -whitebind/-whitelist: " + e.getMessage(), e);
        }
    }

    /** The peer manager whose peers this gate counts (set on the node loop as the shell builds it). */
    void attachPeers(PeerManager peers) {
        this.peers = peers;
    }

    /** The shell that carries out evictions (set once it is built, before it starts). */
    void attachShell(NetworkShell shell) {
        this.shell = shell;
    }

    // ---- admission (Core's CreateNodeFromAcceptedSocket) -------------------------------------------------------------

    @Override
    public boolean admit(PeerId id, NetEndpoint remote, InetSocketAddress listener, Instant now) {
        NetPermissions listenerFlags = NetPermissions.EMPTY;
        if (listener != null) {
            NetEndpoint bound = new NetEndpoint(NetAddress.fromInetAddress(listener.getAddress()), listener.getPort());
            listenerFlags = whitebinds.getOrDefault(bound, NetPermissions.EMPTY);
        }
        NetPermissions permissions = listenerFlags.withWhitelist(remote.address(), whitelistIn,
                NetPermissions.DEFAULT_WHITELISTRELAY, NetPermissions.DEFAULT_WHITELISTFORCERELAY);
        boolean discouraged = banMan.isDiscouraged(remote.address());
        Eviction.InboundDecision decision = Eviction.acceptInbound(remote, permissions.has(NetPermissions.NOBAN),
                banMan.isBanned(remote.address(), now), discouraged, inboundCount(null), maxInbound,
                blockRelayOnlySlots, () -> candidates());
        switch (decision) {
            case Eviction.InboundDecision.Drop d -> {
                NET.debug(d.logLine());
                return false;
            }
            case Eviction.InboundDecision.Admit a -> admitted.put(id, new Admitted(permissions, a.preferEvict()));
            case Eviction.InboundDecision.EvictAndAdmit e -> {
                Peer victim = peers.peer(e.victim());
                NET.debug("selected {} connection for eviction, disconnecting peer={}",
                        victim == null ? "inbound" : victim.connectionType().rpcName(), e.victim());
                shell.disconnect(e.victim(), "evicted");
                admitted.put(id, new Admitted(permissions, e.preferEvict()));
            }
        }
        return true;
    }

    /** Inbound peers open now, not counting those being disconnected nor {@code except}. */
    private int inboundCount(PeerId except) {
        int n = 0;
        for (PeerId id : peers.peerIds()) {
            if (!id.equals(except) && !shell.isDisconnecting(id)
                    && peers.peer(id).connectionType() == ConnectionType.INBOUND) {
                n++;
            }
        }
        return n;
    }

    /** Inbound peers besides {@code except}, not being disconnected, whose version asked for transaction relay. */
    private int relayingInboundCount(PeerId except) {
        int n = 0;
        for (PeerId id : peers.peerIds()) {
            Peer p = peers.peer(id);
            if (!id.equals(except) && !shell.isDisconnecting(id) && p.connectionType() == ConnectionType.INBOUND
                    && p.theirVersion() != null && p.theirVersion().relay()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Core's AttemptToEvictConnection candidate list: every connection not being disconnected. Last block times come
     * from block download; Mooring relays no transactions, so no peer has a last transaction time (Core's 0), and it
     * offers no bloom filters (no NODE_BLOOM), so none has one.
     */
    List<NodeEvictionCandidate> candidates() {
        List<NodeEvictionCandidate> out = new ArrayList<>();
        for (PeerId id : peers.peerIds()) {
            if (shell.isDisconnecting(id)) continue;
            Peer p = peers.peer(id);
            VersionMessage v = p.theirVersion();
            NetAddress a = p.endpoint().address();
            Admitted info = admitted.get(id);
            out.add(new NodeEvictionCandidate(id, p.connectedAt(),
                    p.minPingTime() == null ? NodeEvictionCandidate.NO_PING : p.minPingTime(),
                    lastBlockTime.apply(id), Instant.EPOCH,
                    v != null && hasAllDesirableServices(v.services()),
                    v != null && v.relay() && p.connectionType() != ConnectionType.BLOCK_RELAY
                            && p.connectionType() != ConnectionType.FEELER,
                    false, keyedNetGroup(p.endpoint()), info != null && info.preferEvict(), a.isLocal(), a.network(),
                    permissions(id).has(NetPermissions.NOBAN), p.connectionType()));
        }
        return out;
    }

    /** Core's m_has_all_wanted_services (HasAllDesirableServiceFlags); Mooring is past IBD for this purpose. */
    private static boolean hasAllDesirableServices(long services) {
        long desirable = (services & ServiceFlags.NODE_NETWORK_LIMITED) != 0
                ? ServiceFlags.NODE_NETWORK_LIMITED | ServiceFlags.NODE_WITNESS
                : ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
        return (desirable & ~services) == 0;
    }

    /** Core's CalculateKeyedNetGroup: SipHash, keyed with the node's secret, of the address's netgroup. */
    private long keyedNetGroup(io.mooring.wire.netaddress.NetEndpoint e) {
        // With -regtestroutableloopback each loopback address and port is its own group (NetGroupManager).
        return SipHash.hash(netGroupKey0, netGroupKey1, netGroups.group(e.address(), e.port()));
    }

    // ---- after admission --------------------------------------------------------------------------------------------

    /**
     * Mooring's block-relay-only inbound slots, when an inbound version arrives: a peer asking for transaction relay
     * keeps its connection only if a regular inbound slot is free for it (see {@link Eviction#keepsInboundSlot}).
     */
    void onInboundVersion(PeerId id, VersionMessage version) {
        if (blockRelayOnlySlots == 0 || shell.isDisconnecting(id)) {
            return;
        }
        if (!Eviction.keepsInboundSlot(version.relay(), false, relayingInboundCount(id), maxInbound)) {
            NET.debug("peer={} asks for transaction relay but only block-relay-only inbound slots are free, "
                    + "disconnecting", id);
            shell.disconnect(id, "block-relay-only inbound slot");
        }
    }

    /** The connection is gone. */
    void onDisconnected(PeerId id) {
        admitted.remove(id);
    }

    /**
     * The permissions of connection {@code id}: for inbound ones what it was admitted with; for manual outbound ones
     * those of the -whitelist ranges marked "out" that hold its address (Core's ConnectNode); none otherwise.
     */
    NetPermissions permissions(PeerId id) {
        Admitted a = admitted.get(id);
        if (a != null) {
            return a.permissions();
        }
        Peer p = peers.peer(id);
        if (p != null && p.connectionType() == ConnectionType.MANUAL) {
            return NetPermissions.EMPTY.withWhitelist(p.endpoint().address(), whitelistOut,
                    NetPermissions.DEFAULT_WHITELISTRELAY, NetPermissions.DEFAULT_WHITELISTFORCERELAY);
        }
        return NetPermissions.EMPTY;
    }
}
