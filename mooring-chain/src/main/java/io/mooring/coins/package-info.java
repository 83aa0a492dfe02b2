/**
 * The UTXO set as Core's {@code coins.h}, {@code compressor.h} and {@code undo.h} define it: a {@link
 * io.mooring.coins.Coin} per unspent output, the layered views ({@link io.mooring.coins.CoinsView}, the write-back
 * {@link io.mooring.coins.CoinsViewCache} with Core's DIRTY/FRESH rules, {@link io.mooring.coins.MemoryCoinsStore}),
 * Core's VARINT and coin compression ({@link io.mooring.coins.CoinSerialization}), and the undo records
 * ({@link io.mooring.coins.TxUndo}, {@link io.mooring.coins.BlockUndo}) in Core's byte format.
 *
 * <p>Owns: which outputs are unspent and how a coin and its undo record are encoded. Must not touch: files, RocksDB
 * (the node's chainstate store implements {@link io.mooring.coins.CoinsStore}), blocks' validity (that is
 * {@code io.mooring.validation}), threads or the clock.
 */
package io.mooring.coins;
