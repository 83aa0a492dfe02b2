/**
 * Blocks and transactions as Core's {@code primitives/}: {@link io.mooring.wire.primitives.BlockHeader},
 * {@link io.mooring.wire.primitives.OutPoint}, {@link io.mooring.wire.primitives.TxIn},
 * {@link io.mooring.wire.primitives.TxOut}, {@link io.mooring.wire.primitives.Transaction} with BIP144 witness
 * serialisation (txid and wtxid), {@link io.mooring.wire.primitives.Block}, merkle roots with CVE-2012-2459 mutation
 * detection and the BIP141 witness commitment ({@link io.mooring.wire.primitives.Merkle}), and BIP37's
 * {@link io.mooring.wire.primitives.PartialMerkleTree} for {@code merkleblock}.
 *
 * <p>All types are immutable. Decoders take a {@link io.mooring.wire.WireReader} and report bad input only as
 * {@link io.mooring.wire.ProtocolException}; element counts are checked against the bytes left before anything is
 * allocated. Hashes are {@link io.mooring.wire.Hash256} in internal byte order.
 *
 * <p>Owns: consensus serialisation of blocks and transactions and the hashes derived from it. Must not touch:
 * validation policy (PoW, retargeting, script, amounts, sigops), peers or storage.
 */
package io.mooring.wire.primitives;
