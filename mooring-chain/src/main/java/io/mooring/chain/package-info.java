/**
 * Chain parameters and the block tree's data structures.
 *
 * <p>{@link io.mooring.chain.ChainParams} holds what defines a chain (magic, ports, genesis, PoW rules, activation
 * heights, presync parameters, address encodings, DNS and fixed seeds, signet challenge);
 * {@link io.mooring.chain.ChainParamsLoader} reads the built-in networks (resources {@code io/mooring/chain/*.json})
 * and custom JSON/TOML files in the same schema (docs/chain-params.md), reporting bad files as
 * {@link io.mooring.chain.ChainParamsException}; {@link io.mooring.chain.Pow} is Core's compact-target and
 * block-proof arithmetic. {@link io.mooring.chain.BlockIndex} is Core's {@code CBlockIndex} (compact, with skip pointers
 * and cumulative work), {@link io.mooring.chain.ActiveChain} is Core's {@code CChain} (by height, fork finding,
 * locators); {@link io.mooring.chain.BlockStatus}, {@link io.mooring.chain.BlockIndexRecord} and
 * {@link io.mooring.chain.BlockIndexStore} are the contract with the node's block-index store. Validation rules and
 * chain selection live in {@code io.mooring.validation}.
 *
 * <p>Owns: what defines a chain and how its blocks link. Must not touch: peers, sockets, time, files.
 */
package io.mooring.chain;
