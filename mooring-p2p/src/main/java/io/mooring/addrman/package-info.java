/**
 * Core's address manager ({@code addrman.cpp}, {@code addrman_impl.h}) and its file ({@code peers.dat},
 * {@code addrdb.cpp}): {@link io.mooring.addrman.AddrMan} keeps the new (1024×64) and tried (256×64) tables with
 * Core's keyed bucket maths, add/good/attempt/connected, test-before-evict collisions, select and getaddr;
 * {@link io.mooring.addrman.PeersDat} reads and writes format 4 byte for byte as Core.
 *
 * <p>Sans-I/O: every operation takes {@code Instant now}; randomness comes from an injected
 * {@link java.util.random.RandomGenerator}. Owns: the tables and the file format. Must not touch: sockets, threads,
 * the clock, or where the file lives (the node passes the path; {@link io.mooring.addrman.PeersDat#save} writes
 * atomically through a temporary file in that directory). Not thread-safe: the caller serialises access.
 */
package io.mooring.addrman;
