/**
 * The chain store, Core's block storage ({@code txdb.cpp} CBlockTreeDB, {@code node/blockstorage.cpp}): the block index
 * in RocksDB ({@link io.mooring.blockstorage.BlockTreeDb}, {@code <datadir>/blocks/index}), the blocks in Core's flat
 * {@code blk?????.dat} files ({@link io.mooring.blockstorage.FlatBlockFiles}), and the facade that opens, writes and
 * closes both in the crash-safe order ({@link io.mooring.blockstorage.ChainStore}: block bytes fsynced, then the index
 * batch with the WAL fsynced). Damage is reported as a typed {@link io.mooring.blockstorage.BlockStoreException}.
 *
 * <p>Owns: the on-disk layout of the block index and block files, and their recovery after a crash. Must not touch:
 * chain selection or validation (the chain layer in mooring-chain decides what to write; this package only persists
 * it), the network, or other datadir files.
 */
package io.mooring.blockstorage;
