/**
 * Connections as Core's {@code net} sees them, without sockets: connection types, transports that turn bytes into
 * messages and back (v1 now, BIP324 v2 later), and the per-peer protocol state machine (handshake, ping, timeouts).
 *
 * <p>Owns: per-connection protocol state and the bytes-to-messages boundary. Must not touch: sockets, threads, the
 * wall clock (time arrives in every event), or policy about which peers to connect to.
 */
package io.mooring.net;
