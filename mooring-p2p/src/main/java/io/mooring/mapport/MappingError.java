package io.mooring.mapport;

/** Why a mapping was not made (Core's MappingError). */
public enum MappingError {
    /** No answer, or the request could not be sent. */
    NETWORK_ERROR,
    /** The gateway answered with an error result. */
    PROTOCOL_ERROR,
    /** The gateway speaks NAT-PMP, not PCP: try NAT-PMP. */
    UNSUPP_VERSION,
    /** The gateway has no resources (usually: the port is taken by another host). */
    NO_RESOURCES
}
