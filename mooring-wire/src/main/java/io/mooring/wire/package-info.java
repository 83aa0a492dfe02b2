/**
 * Bitcoin's serialisation primitives: {@link io.mooring.wire.WireReader} and {@link io.mooring.wire.WireWriter}
 * (CompactSize, var strings, little-endian integers), {@link io.mooring.wire.Hash256} (Core's uint256),
 * {@link io.mooring.wire.Bytes}, SHA256d and SipHash-2-4 ({@link io.mooring.wire.SipHash}, for BIP152 short ids and
 * BIP158 filters), and the typed {@link io.mooring.wire.ProtocolException}.
 *
 * <p>Owns: byte-level encoding rules and their limits (MAX_SIZE, canonical CompactSize). Must not touch: peers,
 * sockets, time, or any protocol policy; the sub-packages build messages on top of this.
 */
package io.mooring.wire;
