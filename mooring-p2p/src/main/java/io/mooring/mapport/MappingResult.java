package io.mooring.mapport;

import io.mooring.wire.netaddress.NetEndpoint;

/**
 * A mapping the gateway made (Core's MappingResult): {@code version} 0 for NAT-PMP, 2 for PCP.
 *
 * @param lifetimeSeconds how long the gateway keeps it
 */
public record MappingResult(int version, NetEndpoint internal, NetEndpoint external, long lifetimeSeconds) {
    /** Core's {@code MappingResult::ToString}: {@code pcp:1.2.3.4:8333 -> 192.168.1.2:8333 (for 2400s)}. */
    @Override
    public String toString() {
        return (version == PortMapMessages.NATPMP_VERSION ? "natpmp" : "pcp") + ":" + external + " -> " + internal
                + " (for " + lifetimeSeconds + "s)";
    }
}
