package io.mooring.connman;

import io.mooring.net.ConnectionType;
import io.mooring.wire.netaddress.PeerAddress;

/** What the {@link OutboundPolicy} asks the node to do; the node executes these in order. */
public sealed interface OutboundAction {

    /** Why a connection is opened (for logs and tests). */
    enum Reason {
        /** A -connect target (Core's ThreadOpenConnections with {@code -connect}). */
        CONNECT,
        /** An -addnode target or the addnode RPC (ThreadOpenAddedConnections). */
        ADDNODE,
        /** A queued addr-fetch target (ProcessAddrFetch). */
        ADDR_FETCH,
        /** An anchor from anchors.dat. */
        ANCHOR,
        /** Filling the 8 full-relay or 2 block-relay-only slots from the address manager. */
        FILL_SLOTS,
        /** One extra full-relay peer because the tip may be stale (GetTryNewOutboundPeer). */
        STALE_TIP,
        /** The periodic extra block-relay-only peer (EXTRA_BLOCK_RELAY_ONLY_PEER_INTERVAL). */
        EXTRA_BLOCK_RELAY,
        /** The periodic feeler (FEELER_INTERVAL). */
        FEELER,
        /**
         * An extra full-relay peer on a reachable network we have no full-relay or manual peer on yet (Core's
         * MaybePickPreferredNetwork, every EXTRA_NETWORK_PEER_INTERVAL on average).
         */
        PREFERRED_NETWORK
    }

    /**
     * Open a connection. {@code address} carries the services and last-seen time the address manager knew (0 for
     * manual and addr-fetch targets, which are not from it). {@code countFailure} is Core's {@code fCountFailure}
     * for {@code addrman.Attempt}.
     */
    record OpenConnection(PeerAddress address, ConnectionType type, Reason reason, boolean countFailure)
            implements OutboundAction {}

    /** Disconnect a peer (extra-peer eviction). */
    record Disconnect(long peerId, String reason) implements OutboundAction {}
}
