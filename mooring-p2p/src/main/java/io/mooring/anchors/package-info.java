/**
 * Core's {@code anchors.dat} ({@code DumpAnchors}/{@code ReadAnchors} in {@code src/addrdb.cpp}): the addresses of
 * the block-relay-only peers we had at clean shutdown, tried first at the next start.
 *
 * <p>{@link io.mooring.anchors.AnchorsDat} is the byte codec (magic, CompactSize count, V2_DISK CAddress records,
 * SHA256d of everything before) plus the two file operations Core performs: an atomic write through
 * {@code anchors.XXXX} and a read that always deletes the file. {@link io.mooring.anchors.AnchorQueue} is the
 * start-up list: at most {@link io.mooring.anchors.AnchorsDat#MAX_BLOCK_RELAY_ONLY_ANCHORS}, consumed from the back.
 *
 * <p>Owns: the file format and its read/write/delete. Must not touch: sockets, threads, the clock, connection policy
 * (which anchors to connect, when to dump: that is connman's business).
 */
package io.mooring.anchors;
