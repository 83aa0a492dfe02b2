/**
 * Connections as Core's {@code net} sees them, without sockets: connection types, transports that turn bytes into
 * messages and back ({@code V1Transport}; BIP324's encrypted {@code V2Transport} with its {@code Bip324Cipher}, which
 * falls back to v1 inside for a v1 peer), and the per-peer protocol state machine (handshake, ping, timeouts).
 *
 * <p>Owns: per-connection protocol state and the bytes-to-messages boundary. Must not touch: sockets, threads, the
 * wall clock (time arrives in every event), or policy about which peers to connect to.
 */
package io.mooring.net;
