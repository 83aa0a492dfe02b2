/**
 * Port mapping on the home router (Core's {@code mapport.cpp} and {@code common/pcp.cpp}): the RFC 6887 PCP and
 * RFC 6886 NAT-PMP messages a node sends to its default gateway to open its listening port, their checks, and the
 * renewal schedule. The node's {@code PortMapper} does the UDP exchange and adds the mapped address as a local
 * address (LOCAL_MAPPED).
 *
 * <p>Owns: message bytes, response checks, result codes, lifetimes. Must not touch: sockets, threads, the clock or
 * the local-address table.
 */
package io.mooring.mapport;
