/**
 * Where a node finds its first peers when its address manager cannot help, as Core's {@code src/net.cpp}:
 * {@link io.mooring.seeds.DnsSeeding} (ThreadDNSAddressSeed: when and which DNS seeds to query, and what their
 * answers become), {@link io.mooring.seeds.FixedSeeds} (ThreadOpenConnections' fallback to the chain's fixed seeds)
 * and {@link io.mooring.seeds.SeedNodes} (ThreadOpenConnections' -seednode addr-fetch schedule).
 *
 * <p>Owns: the decisions, with the time, the address manager's size and the outbound count passed in. Must not
 * touch: sockets, DNS, threads or the clock (the node performs the lookups and connections these decide on), nor
 * the address manager itself (the node adds what these return).
 */
package io.mooring.seeds;
