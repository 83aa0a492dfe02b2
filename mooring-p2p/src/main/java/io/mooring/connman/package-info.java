/**
 * The connection manager's decisions (Core's {@code CConnman} policy, {@code src/net.cpp}, {@code
 * src/node/eviction.cpp}, {@code src/net_permissions.cpp}): whom to connect to, whom to accept, whom to evict, what a
 * peer is allowed.
 *
 * <p>{@link io.mooring.connman.OutboundPolicy} decides which outbound connections to open or drop
 * (ThreadOpenConnections, ThreadOpenAddedConnections, ProcessAddrFetch, EvictExtraOutboundPeers).
 * {@link io.mooring.connman.Eviction} is Core's {@code SelectNodeToEvict} and {@code
 * ProtectEvictionCandidatesByRatio} as a pure function over {@link io.mooring.connman.NodeEvictionCandidate}s, plus
 * the inbound admission rule of {@code CreateNodeFromAcceptedSocket} (banned, discouraged, full, evict) and Mooring's
 * block-relay-only inbound slots. {@link io.mooring.connman.NetPermissions} is Core's {@code NetPermissionFlags} and
 * the {@code -whitebind}/{@code -whitelist} parsers with Core's error texts.
 *
 * <p>Owns: these decisions, as functions of values passed in. Must not touch: sockets, threads, the clock or
 * randomness of its own (every time and random source is passed in), files, or peer protocol state (it reads
 * snapshots the node builds from {@code io.mooring.net}); the node ({@code io.mooring.node}) carries the decisions
 * out.
 */
package io.mooring.connman;
