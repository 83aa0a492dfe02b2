/**
 * Peer addresses as Core's netaddress.h and protocol.h: {@link io.mooring.wire.netaddress.Network},
 * {@link io.mooring.wire.netaddress.NetAddress} (CNetAddr), {@link io.mooring.wire.netaddress.NetEndpoint}
 * (CService), {@link io.mooring.wire.netaddress.PeerAddress} (CAddress) and
 * {@link io.mooring.wire.netaddress.ServiceFlags}.
 *
 * <p>Owns: the BIP155 (addrv2), v1 (16-byte) and disk encodings of addresses, their text forms (IPv4, RFC 5952
 * IPv6, Tor v3 .onion with checksum, .b32.i2p, CJDNS, .internal) and Core's address classification predicates
 * (IsValid, IsRoutable, IsRFCxxxx). Must not touch: DNS or any other I/O, sockets, clocks, netgroups/ASMAP, address
 * manager policy, or relay decisions; those live in other modules and build on these values.
 */
package io.mooring.wire.netaddress;
