/**
 * Blocks and transactions as Core's {@code primitives/}: {@link io.mooring.wire.primitives.BlockHeader},
 * transactions with BIP144 witness serialisation (txid and wtxid), blocks with merkle root and BIP141 witness
 * commitment computation.
 *
 * <p>Owns: consensus serialisation of blocks and transactions and the hashes derived from it. Must not touch:
 * validation policy (PoW, retargeting, script), peers or storage.
 */
package io.mooring.wire.primitives;
