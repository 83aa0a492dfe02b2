/**
 * BIP158 compact block filters (Core's {@code blockfilter.cpp}): the Golomb-coded set
 * ({@link io.mooring.wire.blockfilter.GolombCodedSet}, Core's GCSFilter), the basic filter built from a block and the
 * scripts its inputs spend ({@link io.mooring.wire.blockfilter.BlockFilter}), filter hashes and the BIP157 filter
 * header chain.
 *
 * <p>Owns: the filter encoding, element hashing and matching, and the header arithmetic. Must not touch: the UTXO set
 * or block storage (callers hand in the spent scripts), peers, sockets, time, or the BIP157 messages themselves
 * ({@code io.mooring.wire.message} carries the bytes).
 */
package io.mooring.wire.blockfilter;
