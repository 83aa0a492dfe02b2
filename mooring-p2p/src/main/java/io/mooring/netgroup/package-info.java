/**
 * Network groups and ASMAP, as Core's {@code netgroup.cpp} and {@code util/asmap.cpp}: {@link
 * io.mooring.netgroup.Asmap} loads, checks and interprets Core's compressed IP-to-ASN map (and decodes or diffs it for
 * the {@code asmap} tool); {@link io.mooring.netgroup.NetGroupManager} gives the group bytes that addrman bucketing,
 * outbound diversity and eviction key on, AS-based when a map is loaded.
 *
 * <p>Owns: the asmap bytecode (format, sanity check, lookup, version checksum) and the netgroup rules. Must not touch:
 * files beyond reading one asmap file when asked, sockets, threads, the clock, or addrman state (it only computes
 * groups; where they go is addrman's business).
 */
package io.mooring.netgroup;
