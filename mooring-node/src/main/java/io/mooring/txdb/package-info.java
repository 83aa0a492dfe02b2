/**
 * The chainstate database (Core's {@code txdb.cpp} {@code CCoinsViewDB}): the UTXO set on RocksDB under Core's coin
 * keys, written in atomic synced batches by {@link io.mooring.txdb.CoinsViewDb}.
 *
 * <p>Owns: the {@code chainstate/} directory. Must not touch: validation rules (io.mooring.validation), the block
 * index or block files (io.mooring.blockstorage), peers.
 */
package io.mooring.txdb;
