/**
 * Core's connection manager decisions ({@code CConnman} in {@code src/net.cpp} and the peer-count parts of
 * {@code src/net_processing.cpp}), as sans-I/O objects: {@link io.mooring.connman.OutboundPolicy} decides which
 * outbound connections to open or drop (ThreadOpenConnections, ThreadOpenAddedConnections, ProcessAddrFetch,
 * EvictExtraOutboundPeers); inbound eviction and net permissions (Eviction, NetPermissions, NodeEvictionCandidate)
 * live here too.
 *
 * <p>Owns: connection policy (targets, selection rules, timers). Must not touch: sockets, threads, the clock (time
 * and randomness are passed in), files, or the wire format; the node shell executes what these objects return.
 */
package io.mooring.connman;
