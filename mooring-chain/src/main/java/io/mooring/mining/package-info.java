/**
 * Block assembly for regtest-style mining, as Core's {@code node/miner.cpp} and the {@code generate*} RPCs:
 * {@link io.mooring.mining.BlockAssembler} builds a block on a given tip (Core's {@code CreateNewBlock} with
 * {@code GenerateCoinbaseCommitment}), {@link io.mooring.mining.Miner} grinds its nonce ({@code GenerateBlock}).
 *
 * <p>Owns: building and grinding candidate blocks from values the caller gives (tip, time, bits, transactions).
 * Must not touch: the block index, difficulty rules and validation (the chain layer decides the bits and accepts the
 * block), the mempool, peers, sockets or the clock (the time is a parameter).
 */
package io.mooring.mining;
