/**
 * Every Bitcoin P2P message Core speaks, as an immutable record in the sealed {@link io.mooring.wire.message.Message}
 * family, with its decoder ({@link io.mooring.wire.message.MessageDecoder}) and the v1 envelope
 * ({@link io.mooring.wire.message.V1Envelope}). Core's limits live in {@link io.mooring.wire.message.Limits}.
 *
 * <p>Owns: the payload format of each message and the v1 framing rules. Must not touch: what a message means to a
 * peer (handshake order, penalties), sockets, or time; the node decides what to do with each
 * {@link io.mooring.wire.ProtocolException}.
 */
package io.mooring.wire.message;
