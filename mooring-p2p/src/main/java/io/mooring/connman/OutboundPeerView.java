package io.mooring.connman;

import io.mooring.net.ConnectionType;
import io.mooring.wire.netaddress.NetEndpoint;
import java.time.Instant;
import java.util.Objects;

/**
 * One current connection (of any direction) as the node sees it when it ticks the {@link OutboundPolicy}: the
 * fields of Core's {@code CNode} and {@code CNodeState} that ThreadOpenConnections and EvictExtraOutboundPeers read.
 *
 * @param id                    the peer id; a higher id is a younger connection (Core's "higher nodeid = more recent")
 * @param handshaked            Core's {@code fSuccessfullyConnected} (verack received)
 * @param disconnecting         Core's {@code fDisconnect}: already on its way out
 * @param lastBlockTime         Core's {@code m_last_block_time}: when it last gave us a new block ({@link Instant#EPOCH}
 *                              = never)
 * @param lastBlockAnnouncement Core's {@code m_last_block_announcement} ({@link Instant#EPOCH} = never)
 * @param blocksInFlight        blocks we are downloading from it (Core's {@code vBlocksInFlight.size()})
 * @param chainSyncProtected    Core's {@code m_chain_sync.m_protect}: one of the 4 outbound peers kept whatever happens
 */
public record OutboundPeerView(long id, NetEndpoint endpoint, ConnectionType type, boolean handshaked,
                               boolean disconnecting, Instant connectedAt, Instant lastBlockTime,
                               Instant lastBlockAnnouncement, int blocksInFlight, boolean chainSyncProtected) {
    public OutboundPeerView {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(lastBlockTime, "lastBlockTime");
        Objects.requireNonNull(lastBlockAnnouncement, "lastBlockAnnouncement");
    }

    /** A connection with no block history (what a node without a chain reports). */
    public static OutboundPeerView of(long id, NetEndpoint endpoint, ConnectionType type, boolean handshaked,
                                      boolean disconnecting, Instant connectedAt) {
        return new OutboundPeerView(id, endpoint, type, handshaked, disconnecting, connectedAt, Instant.EPOCH,
                Instant.EPOCH, 0, false);
    }
}
