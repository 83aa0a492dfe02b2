package io.mooring.net;

/**
 * Why a connection exists (Core's {@code ConnectionType}, node/connection_types.h), with the strings RPC reports.
 * The type decides what the connection does: block-relay-only and feeler peers are told not to relay transactions;
 * block-relay-only peers get no address relay; feelers are dropped once their version arrives.
 */
public enum ConnectionType {
    INBOUND("inbound"),
    OUTBOUND_FULL_RELAY("outbound-full-relay"),
    /** From -addnode, -connect or the addnode RPC: never disconnected or discouraged for misbehaviour. */
    MANUAL("manual"),
    /** Short-lived: checks that an address is alive (and resolves tried-table collisions). */
    FEELER("feeler"),
    /** Blocks only: no transaction or address relay. Anchors are these. */
    BLOCK_RELAY("block-relay-only"),
    /** Short-lived: asks for addresses, then disconnects (-seednode, DNS seeds used as peers). */
    ADDR_FETCH("addr-fetch");

    private final String rpcName;

    ConnectionType(String rpcName) {
        this.rpcName = rpcName;
    }

    /** The string in getpeerinfo's {@code connection_type} and addconnection's argument. */
    public String rpcName() {
        return rpcName;
    }

    public static ConnectionType fromRpcName(String name) {
        for (ConnectionType t : values()) {
            if (t.rpcName.equals(name)) return t;
        }
        throw new IllegalArgumentException("unknown connection type: " + name);
    }

    public boolean isOutbound() {
        return this != INBOUND;
    }

    /** Core's ExpectServicesFromConn: outbound connections we open automatically must offer the desirable services. */
    public boolean expectsServices() {
        return this == OUTBOUND_FULL_RELAY || this == BLOCK_RELAY || this == ADDR_FETCH;
    }

    /** The version message's relay flag: false for block-relay-only and feeler connections (Core's PushNodeVersion). */
    public boolean announcesTransactionRelay() {
        return this != BLOCK_RELAY && this != FEELER;
    }

    /** Core's SetupAddressRelay: no address relay with block-relay-only peers. */
    public boolean relaysAddresses() {
        return this != BLOCK_RELAY;
    }

    /** Whether we send getaddr after their version: outbound connections with address relay, except feelers. */
    public boolean sendsGetAddr() {
        return isOutbound() && relaysAddresses() && this != FEELER;
    }
}
