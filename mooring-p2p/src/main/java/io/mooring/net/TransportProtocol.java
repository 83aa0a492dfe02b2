package io.mooring.net;

/** getpeerinfo's {@code transport_protocol_type}: "detecting" until an inbound peer's first bytes tell, then v1 or v2. */
public enum TransportProtocol {
    DETECTING("detecting"),
    V1("v1"),
    V2("v2");

    private final String rpcName;

    TransportProtocol(String rpcName) {
        this.rpcName = rpcName;
    }

    public String rpcName() {
        return rpcName;
    }
}
