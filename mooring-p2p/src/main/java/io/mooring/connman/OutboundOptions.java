package io.mooring.connman;

import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The node's configuration as the outbound policy uses it.
 *
 * @param maxConnections        -maxconnections (Core's default 125); the outbound targets are derived from it as
 *                              CConnman::Init does
 * @param useAddrmanOutgoing    Core's {@code m_use_addrman_outgoing}: false with -connect or -noconnect (then no
 *                              anchors, no address-manager connections)
 * @param connectTargets        -connect targets (kept connected as MANUAL); empty when -connect is not given
 * @param addNodes              -addnode targets at start (more arrive through the addnode RPC)
 * @param reachableNetworks     Core's {@code g_reachable_nets}: -onlynet and proxy configuration decided
 * @param acceptsLimitedPeers   whether NODE_NETWORK_LIMITED|NODE_WITNESS counts as the desirable services (Core:
 *                              when our tip is near the present)
 * @param powTargetSpacing      the chain's block interval: the tip may be stale after 3 of them (TipMayBeStale)
 */
public record OutboundOptions(int maxConnections, boolean useAddrmanOutgoing, List<NetEndpoint> connectTargets,
                              List<NetEndpoint> addNodes, Set<Network> reachableNetworks, boolean acceptsLimitedPeers,
                              Duration powTargetSpacing) {
    public OutboundOptions {
        if (maxConnections < 0) throw new IllegalArgumentException("maxConnections < 0");
        connectTargets = List.copyOf(connectTargets);
        addNodes = List.copyOf(addNodes);
        reachableNetworks = Set.copyOf(reachableNetworks);
    }

    /** Core's m_max_outbound_full_relay = min(MAX_OUTBOUND_FULL_RELAY_CONNECTIONS, maxconnections). */
    public int maxFullRelay() {
        return Math.min(OutboundPolicy.MAX_OUTBOUND_FULL_RELAY_CONNECTIONS, maxConnections);
    }

    /** Core's m_max_outbound_block_relay = min(MAX_BLOCK_RELAY_ONLY_CONNECTIONS, maxconnections - full relay). */
    public int maxBlockRelay() {
        return Math.min(OutboundPolicy.MAX_BLOCK_RELAY_ONLY_CONNECTIONS, maxConnections - maxFullRelay());
    }

    /** Core's m_max_automatic_outbound = full relay + block relay + the feeler. */
    public int maxAutomaticOutbound() {
        return maxFullRelay() + maxBlockRelay() + OutboundPolicy.MAX_FEELER_CONNECTIONS;
    }

    /** Core's semOutbound size: min(m_max_automatic_outbound, maxconnections). */
    public int outboundSlots() {
        return Math.min(maxAutomaticOutbound(), maxConnections);
    }
}
