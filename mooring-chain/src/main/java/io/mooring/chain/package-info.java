/**
 * Chain parameters: built-in networks and custom chains loaded from a file through one schema.
 *
 * <p>{@link io.mooring.chain.ChainParams} holds what defines a chain (magic, ports, genesis, PoW rules, activation
 * heights, presync parameters, address encodings, DNS and fixed seeds, signet challenge);
 * {@link io.mooring.chain.ChainParamsLoader} reads the built-in networks (resources {@code io/mooring/chain/*.json})
 * and custom JSON/TOML files in the same schema (docs/chain-params.md), reporting bad files as
 * {@link io.mooring.chain.ChainParamsException}; {@link io.mooring.chain.Pow} is Core's compact-target and
 * block-proof arithmetic.
 *
 * <p>Owns: what defines a chain. Must not touch: peers, sockets, time.
 */
package io.mooring.chain;
